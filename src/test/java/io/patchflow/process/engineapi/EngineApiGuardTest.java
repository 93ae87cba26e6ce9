package io.patchflow.process.engineapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.patchflow.process.sandbox.ModelRefusedException;
import io.patchflow.testsupport.EvilModels;
import io.patchflow.testsupport.EvilModels.Place;

/**
 * The engine's own line, without the HTTP filter in front: commands started while the
 * thread serves a request to the engine REST API are judged, whatever path the filter
 * might have missed.
 */
@SpringBootTest
@ActiveProfiles("test")
class EngineApiGuardTest {

    @Autowired
    ProcessEngine engine;

    @Autowired
    JdbcClient jdbc;

    String instance;

    long auditBefore;

    @BeforeEach
    void aWaitingProcess() {
        engine.getRepositoryService()
            .createDeployment()
            .addString("timer.bpmn", EvilModels.model(Place.TIMER, "'PT1H'"))
            .deploy();
        instance = engine.getRuntimeService().startProcessInstanceByKey("evil", Map.of("cabApprovals", 0)).getId();
        auditBefore = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM audit_event").query(Long.class).single();
    }

    @AfterEach
    void leaveTheRequest() {
        RequestContextHolder.resetRequestAttributes();
        SecurityContextHolder.clearContext();
    }

    @Test
    void writesFromAnEngineApiRequestAreRefusedAndAudited() {
        asEngineRestRequest("admin", "PUT", "/engine-rest/process-instance/" + instance + "/variables/cabApprovals");

        assertThatThrownBy(() -> engine.getRuntimeService().setVariable(instance, "cabApprovals", 9))
            .isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("SetExecutionVariablesCmd is refused");
        assertThatThrownBy(() -> engine.getRuntimeService()
            .createProcessInstanceModification(instance)
            .startBeforeActivity("Task_Wait")
            .execute()).isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> engine.getManagementService().executeJob(timer().getId()))
            .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> engine.getIdentityService().checkPassword("bob", "demo"))
            .isInstanceOf(AuthorizationException.class);

        assertThat(audited("ENGINE_API_REFUSED")).hasSizeGreaterThanOrEqualTo(4)
            .allSatisfy(detail -> assertThat(detail).startsWith("PUT /engine-rest/process-instance/" + instance))
            .anySatisfy(detail -> assertThat(detail).contains("SetExecutionVariablesCmd"));

        RequestContextHolder.resetRequestAttributes();
        assertThat(engine.getRuntimeService().getVariable(instance, "cabApprovals")).isEqualTo(0);
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance).singleResult())
            .isNotNull();
    }

    @Test
    void readsAndRetriesOfFailedJobsPass_andTheRetryIsAuditedInItsTransaction() {
        engine.getManagementService().setJobRetries(timer().getId(), 0); // Patchflow's
                                                                         // own call: the
                                                                         // job has failed
        asEngineRestRequest("admin", "PUT", "/engine-rest/job/x/retries");
        assertThat(engine.getRuntimeService().getVariables(instance)).containsEntry("cabApprovals", 0);
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(instance).count())
            .isPositive();

        engine.getManagementService().setJobRetries(timer().getId(), 5);

        RequestContextHolder.resetRequestAttributes();
        assertThat(timer().getRetries()).isEqualTo(5);
        assertThat(audited("ENGINE_API_ACTION")).anySatisfy(detail -> assertThat(detail).contains("SetJobRetriesCmd"));
    }

    @Test
    void aRetryCannotMoveATimerNorTouchAJobThatHasNotFailed() {
        Job timer = timer();
        asEngineRestRequest("admin", "PUT", "/engine-rest/job/" + timer.getId() + "/retries");

        assertThatThrownBy(() -> engine.getManagementService().setJobRetries(timer.getId(), 5))
            .isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("has not failed");
        RequestContextHolder.resetRequestAttributes();
        engine.getManagementService().setJobRetries(timer.getId(), 0);
        asEngineRestRequest("admin", "PUT", "/engine-rest/job/" + timer.getId() + "/retries");
        assertThatThrownBy(() -> engine.getManagementService()
            .setJobRetries(1)
            .jobId(timer.getId())
            .dueDate(new java.util.Date(0))
            .execute()).isInstanceOf(AuthorizationException.class).hasMessageContaining("due date");

        RequestContextHolder.resetRequestAttributes();
        assertThat(timer().getDuedate()).isEqualTo(timer.getDuedate());
        assertThat(timer().getRetries()).isZero();
    }

    @Test
    void deploymentsFromTheEngineApiAreCheckedThenRefused() {
        asEngineRestRequest("admin", "POST", "/engine-rest/deployment/create");
        long before = engine.getRepositoryService().createDeploymentQuery().count();

        assertThatThrownBy(() -> engine.getRepositoryService()
            .createDeployment()
            .addString("evil.bpmn", EvilModels.model(Place.SERVICE_TASK, EvilModels.systemProperty().expression()))
            .deploy()).isInstanceOf(ModelRefusedException.class);
        assertThatThrownBy(() -> engine.getRepositoryService()
            .createDeployment()
            .addString("fine.bpmn", EvilModels.model(Place.OUTPUT_MAPPING, "'fine'"))
            .deploy()).isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("models are not deployed through the engine REST API");

        RequestContextHolder.resetRequestAttributes();
        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(before);
        assertThat(audited("ENGINE_API_REFUSED"))
            .anySatisfy(d -> assertThat(d).contains("DeployCmd").contains("Patchflow refused"))
            .anySatisfy(d -> assertThat(d).contains("DeployCmd").contains("models are not deployed"));
    }

    @Test
    void patchflowsOwnCallsAreNotTheGuardsBusiness() {
        RequestContextHolder.setRequestAttributes(
                new ServletRequestAttributes(new MockHttpServletRequest("POST", "/api/tasks/1/complete")));
        engine.getRuntimeService().setVariable(instance, "cabApprovals", 1);
        assertThat(engine.getRuntimeService().getVariable(instance, "cabApprovals")).isEqualTo(1);
    }

    private Job timer() {
        return engine.getManagementService().createJobQuery().processInstanceId(instance).singleResult();
    }

    /** Audit entries of this kind written by the test so far. */
    private List<String> audited(String kind) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE kind = ? AND actor = 'admin' AND id > ? ORDER BY id")
            .params(kind, auditBefore)
            .query(String.class)
            .list();
    }

    private static void asEngineRestRequest(String user, String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        SecurityContextHolder.getContext()
            .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                    AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
    }

}
