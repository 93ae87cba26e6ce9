package io.patchflow.process.engineapi;

import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The engine's own line behind the HTTP filter: the first command a request to the engine
 * REST API or the webapps starts is checked against {@link EngineApiRules}. Reads pass;
 * an admin action runs in one transaction with its audit entry; anything else is refused
 * with an {@link AuthorizationException} (403) and audited. Commands that other commands
 * start, and everything Patchflow itself, the job executor or start-up runs, are not this
 * guard's business.
 */
final class EngineApiGuard extends CommandInterceptor {

    private static final Logger log = LoggerFactory.getLogger(EngineApiGuard.class);

    /**
     * How deep the current thread is in guarded commands; only the outermost is judged.
     */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final EngineApiAudit audit;

    private final Supplier<ProcessEngine> engine;

    private final TransactionTemplate sameTransaction;

    private final TransactionTemplate ownTransaction;

    EngineApiGuard(EngineApiAudit audit, Supplier<ProcessEngine> engine, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.engine = engine;
        this.sameTransaction = new TransactionTemplate(transactions);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public <T> T execute(Command<T> command) {
        int[] depth = DEPTH.get();
        Optional<HttpServletRequest> request = depth[0] == 0 ? EngineApiOrigin.currentRequest() : Optional.empty();
        depth[0]++;
        try {
            if (request.isEmpty()) {
                return next.execute(command);
            }
            return guarded(command, request.get());
        }
        finally {
            depth[0]--;
        }
    }

    private <T> T guarded(Command<T> command, HttpServletRequest request) {
        EngineApiRules.Decision decision = EngineApiRules.command(command);
        String user = EngineApiOrigin.user();
        String path = EngineApiOrigin.path(request);
        switch (decision.verdict()) {
            case READ:
                return next.execute(command);
            case ADMIN_ACTION:
                Optional<String> problem = JobRetries.checkCommand(command, engine.get().getManagementService());
                if (problem.isPresent()) {
                    return refuse(command, request, user, path, problem.get());
                }
                try {
                    return sameTransaction.execute(status -> {
                        T result = next.execute(command);
                        audit.record(EngineApiAudit.ACTION, user, request.getMethod(), path, describe(command, result));
                        return result;
                    });
                }
                catch (RuntimeException e) {
                    // A deployment the model rules or the gate refused is a refusal;
                    // anything else failed.
                    String kind = e instanceof ParseException || e instanceof AuthorizationException
                            ? EngineApiAudit.REFUSED : EngineApiAudit.FAILED;
                    ownTransaction.executeWithoutResult(status -> audit.record(kind, user, request.getMethod(), path,
                            command.getClass().getSimpleName() + ": " + e.getMessage()));
                    throw e;
                }
            default:
                return refuse(command, request, user, path, decision.reason());
        }
    }

    private <T> T refuse(Command<T> command, HttpServletRequest request, String user, String path, String reason) {
        log.warn("engine API: refused {} {} for {}: {}", request.getMethod(), path, user, reason);
        ownTransaction.executeWithoutResult(status -> audit.record(EngineApiAudit.REFUSED, user, request.getMethod(),
                path, "refused the engine command " + command.getClass().getName() + ": " + reason));
        throw new AuthorizationException(reason);
    }

    private static String describe(Command<?> command, Object result) {
        if (result instanceof DeploymentEntity deployment) {
            return command.getClass().getSimpleName() + " " + deployment.getId() + " ("
                    + deployment.getResources().keySet() + ")";
        }
        return command.getClass().getSimpleName();
    }

}
