package io.patchflow.process.engineapi;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.impl.AbstractNativeQuery;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.interceptor.Command;

/**
 * What the engine REST API and the Camunda webapps may still do, for every user, admin
 * included (ADR 0022): read; retry a failed job ({@link JobRetries}); annotate and
 * resolve incidents; submit a deployment, which the model rules check and which is then
 * refused, because models reach the engine only from Patchflow. Everything that would
 * move, edit, complete, start, cancel, suspend or delete a change's process is refused,
 * so a change cannot get past its approvals by this route.
 *
 * <p>
 * Two independent lists say this: one by HTTP method and path (for a clear answer before
 * the request reaches Camunda), one by engine command (for whatever a path list misses).
 */
final class EngineApiRules {

    enum Verdict {

        READ, ADMIN_ACTION, REFUSED

    }

    record Decision(Verdict verdict, String reason) {
        boolean allowed() {
            return verdict != Verdict.REFUSED;
        }
    }

    private static final String REFUSAL = "Patchflow's engine REST API and Camunda webapps are read-only, except for retrying "
            + "failed jobs and handling incidents; changes move only through Patchflow, where its approvals, roles, "
            + "customers and audit trail apply (docs/security.md)";

    /**
     * The webapps reach the engine REST resources under this path, with the engine's name
     * next.
     */
    private static final Pattern WEBAPP_ENGINE = Pattern
        .compile("^" + EngineApiOrigin.WEBAPPS + "/api/engine/engine/[^/]+(/.*)?$");

    private static final Pattern NAMED_ENGINE = Pattern.compile("^/engine/[^/]+(/.*)?$");

    /**
     * Collections whose POST is a query with the criteria in the body (engine REST
     * reference).
     */
    private static final Pattern QUERY = Pattern
        .compile("^/(process-instance|execution|task|job|job-definition|variable-instance"
                + "|external-task|case-execution|case-instance|group|schema/log"
                + "|history/(activity-instance|case-instance|detail|external-task-log|job-log|process-instance|task|variable-instance))"
                + "(/count)?$|^/filter/[^/]+/(list|count|singleResult)$");

    private static final List<Pattern> ADMIN_ACTIONS = List.of(
            // one failed job, or the failed jobs of one definition; JobRetries checks the
            // body and the job
            Pattern.compile("^PUT /job/[^/]+/retries$"), Pattern.compile("^PUT /job-definition/[^/]+/retries$"),
            Pattern.compile("^(PUT|DELETE) /incident/[^/]+/annotation$"), Pattern.compile("^DELETE /incident/[^/]+$"),
            Pattern.compile("^PUT /user-operation-log/[^/]+/(set|clear)-annotation$"),
            Pattern.compile("^POST /deployment/create$"));

    /**
     * The webapps' own resources that are POSTed but write nothing: Cockpit's queries,
     * and signing out.
     */
    private static final Pattern WEBAPP_READS = Pattern
        .compile("^" + EngineApiOrigin.WEBAPPS + "/api/(cockpit/plugin/base/[^/]+/(process-instance|incident)(/count)?"
                + "|cockpit/plugin/base/[^/]+/process-definition/[^/]+/called-process-definitions"
                + "|cockpit/plugin/base/[^/]+/process-instance/[^/]+/called-process-instances"
                + "|admin/auth/user/[^/]+/logout)$");

    /**
     * Commands that only read, by the engine's naming: Get..., Find..., queries, reports.
     */
    private static final Pattern READ_COMMAND = Pattern.compile(
            "^(Get|Find|Is|Optimize|Determine|ExecuteFilter(Count|List|ListPage|SingleResult)|Create(Group|User|NativeUser|Tenant)Query)\\w*"
                    + "|\\w*(QueryImpl|ReportImpl)$|^Query\\w*Cmd$|^AuthorizationCheckCmd$");

    /**
     * Commands declared inside a query or a report (durations, counts, metrics sums) read
     * too.
     */
    private static final Pattern READ_ENCLOSING = Pattern.compile("\\w*(QueryImpl|ReportImpl|QueryServiceImpl)$");

    /**
     * The few engine commands an admin may still run from outside (audited); nothing else
     * writes.
     */
    static final Set<String> ADMIN_COMMANDS = Set.of("SetJobRetriesCmd", "SetAnnotationForIncidentCmd",
            "ResolveIncidentCmd", "SetAnnotationForOperationLog", "DeployCmd");

    /** Looks like a read by its name but writes. */
    private static final Set<String> NOT_READS = Set.of("GetNextIdBlockCmd");

    private EngineApiRules() {
    }

    /** The verdict on an HTTP request to the engine REST API or the webapps. */
    static Decision http(String method, String path) {
        String verb = method.toUpperCase(Locale.ROOT);
        if (verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS")) {
            return new Decision(Verdict.READ, "read");
        }
        String engine = enginePath(path);
        if (engine == null) {
            if (WEBAPP_READS.matcher(path).matches() && verb.equals("POST")) {
                return new Decision(Verdict.READ, "webapp query");
            }
            return new Decision(Verdict.REFUSED, REFUSAL);
        }
        if (verb.equals("POST") && QUERY.matcher(engine).matches()) {
            return new Decision(Verdict.READ, "query");
        }
        String request = verb + " " + engine;
        if (ADMIN_ACTIONS.stream().anyMatch(p -> p.matcher(request).matches())) {
            return new Decision(Verdict.ADMIN_ACTION, request);
        }
        return new Decision(Verdict.REFUSED, REFUSAL);
    }

    /** The verdict on an engine command started by such a request. */
    static Decision command(Command<?> command) {
        if (command instanceof AbstractQuery<?, ?> || command instanceof AbstractNativeQuery<?, ?>) {
            return new Decision(Verdict.READ, "query");
        }
        return commandClass(command.getClass());
    }

    /** The verdict by the command's class alone. */
    static Decision commandClass(Class<?> type) {
        String name = type.getSimpleName();
        if (ADMIN_COMMANDS.contains(name)) {
            return new Decision(Verdict.ADMIN_ACTION, name);
        }
        if (!name.isEmpty() && !NOT_READS.contains(name) && READ_COMMAND.matcher(name).matches()) {
            return new Decision(Verdict.READ, name);
        }
        Class<?> enclosing = type.getEnclosingClass();
        if (enclosing != null && READ_ENCLOSING.matcher(enclosing.getSimpleName()).matches()) {
            return new Decision(Verdict.READ, enclosing.getSimpleName() + "." + name);
        }
        return new Decision(Verdict.REFUSED,
                "the engine command " + (name.isEmpty() ? type.getName() : name) + " is refused: " + REFUSAL);
    }

    /**
     * The engine REST path of a request, whether it came to the REST API or through the
     * webapps; null if neither.
     */
    static String enginePath(String path) {
        if (path.equals(EngineApiOrigin.ENGINE_REST)) {
            return "/";
        }
        if (path.startsWith(EngineApiOrigin.ENGINE_REST + "/")) {
            String rest = path.substring(EngineApiOrigin.ENGINE_REST.length());
            // /engine-rest/engine/{name}/... addresses a named engine; Patchflow has one.
            Matcher named = NAMED_ENGINE.matcher(rest);
            return named.matches() ? (named.group(1) == null ? "/" : named.group(1)) : rest;
        }
        Matcher webapp = WEBAPP_ENGINE.matcher(path);
        if (webapp.matches()) {
            return webapp.group(1) == null ? "/" : webapp.group(1);
        }
        return null;
    }

}
