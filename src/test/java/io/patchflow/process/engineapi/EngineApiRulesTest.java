package io.patchflow.process.engineapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.impl.interceptor.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import io.patchflow.process.engineapi.EngineApiRules.Verdict;

/**
 * What the engine REST API and the webapps may do, request by request and command by
 * command.
 */
class EngineApiRulesTest {

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            // reading
            "GET, /engine-rest/process-instance/abc/variables, READ",
            "GET, /engine-rest/history/process-instance, READ", "POST, /engine-rest/process-instance, READ",
            "POST, /engine-rest/task/count, READ", "POST, /engine-rest/history/activity-instance, READ",
            "POST, /engine-rest/filter/f1/list, READ",
            "POST, /camunda/api/engine/engine/default/process-instance/count, READ",
            "POST, /camunda/api/cockpit/plugin/base/default/process-instance, READ",
            "POST, /camunda/api/admin/auth/user/default/logout, READ",
            // what an admin may still do
            "PUT, /engine-rest/job/j1/retries, ADMIN_ACTION",
            "PUT, /camunda/api/engine/engine/default/job/j1/retries, ADMIN_ACTION",
            "PUT, /engine-rest/incident/i1/annotation, ADMIN_ACTION", "DELETE, /engine-rest/incident/i1, ADMIN_ACTION",
            "POST, /engine-rest/deployment/create, ADMIN_ACTION",
            "POST, /engine-rest/engine/default/deployment/create, ADMIN_ACTION",
            // the back doors
            "POST, /engine-rest/process-instance/abc/modification, REFUSED",
            "POST, /engine-rest/modification/execute, REFUSED",
            "PUT, /engine-rest/process-instance/abc/variables/cabApprovals, REFUSED",
            "POST, /engine-rest/process-instance/abc/variables, REFUSED",
            "POST, /engine-rest/process-instance/variables-async, REFUSED",
            "POST, /engine-rest/task/t1/complete, REFUSED", "POST, /engine-rest/task/t1/submit-form, REFUSED",
            "POST, /engine-rest/task/t1/claim, REFUSED", "POST, /engine-rest/task/t1/resolve, REFUSED",
            "POST, /engine-rest/process-definition/d1/restart, REFUSED",
            "POST, /engine-rest/process-definition/key/patch-change/start, REFUSED",
            "POST, /engine-rest/migration/execute, REFUSED", "DELETE, /engine-rest/process-instance/abc, REFUSED",
            "PUT, /engine-rest/process-instance/abc/suspended, REFUSED", "POST, /engine-rest/message, REFUSED",
            "POST, /engine-rest/signal, REFUSED", "POST, /engine-rest/condition, REFUSED",
            "POST, /engine-rest/job/j1/execute, REFUSED",
            // retries by query or by process: every job a query finds, not one failed job
            "POST, /engine-rest/job/retries, REFUSED", "POST, /engine-rest/process-instance/job-retries, REFUSED",
            "PUT, /engine-rest/job-definition/d1/retries, ADMIN_ACTION", "PUT, /engine-rest/job/j1/duedate, REFUSED",
            "DELETE, /engine-rest/deployment/d1, REFUSED", "POST, /engine-rest/deployment/d1/redeploy, REFUSED",
            "POST, /engine-rest/history/cleanup, REFUSED", "POST, /engine-rest/identity/verify, REFUSED",
            "POST, /engine-rest/decision-definition/key/x/evaluate, REFUSED",
            "POST, /camunda/api/engine/engine/default/task/t1/complete, REFUSED",
            "POST, /camunda/api/engine/engine/default/process-instance/abc/modification, REFUSED",
            "POST, /camunda/api/admin/auth/user/default/login/cockpit, REFUSED",
            "POST, /camunda/api/admin/setup/default/user/create, REFUSED",
            "PATCH, /engine-rest/process-instance, REFUSED", })
    void eachRequestHasOneVerdict(String method, String path, Verdict verdict) {
        assertThat(EngineApiRules.http(method, path).verdict()).isEqualTo(verdict);
    }

    @Test
    void theAdminCommandsExistInThisCamundaVersion() {
        List<String> engineCommands = engineCommands().stream().map(JavaClass::getSimpleName).toList();
        assertThat(engineCommands).as("renamed in a Camunda upgrade? then the admin list must follow")
            .containsAll(EngineApiRules.ADMIN_COMMANDS);
    }

    @Test
    void theRetryCheckReadsTheCommandsArguments() {
        org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd withDate = new org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd(
                "j1", null, 2, new java.util.Date(0), true);
        assertThat(JobRetries.field(withDate, "isDueDateSet")).isEqualTo(true);
        assertThat(JobRetries.field(withDate, "retries")).isEqualTo(2);
        assertThat(JobRetries.field(withDate, "jobId")).isEqualTo("j1");
        assertThat(JobRetries.field(withDate, "jobIds")).isNull();
        assertThat(JobRetries.checkCommand(withDate, null)).hasValueSatisfying(r -> assertThat(r).contains("due date"));
        assertThat(JobRetries
            .checkCommand(new org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd("j1", null, 0, null, false), null))
            .hasValueSatisfying(r -> assertThat(r).contains("1 to 10"));
    }

    /**
     * The read rule goes by the engine's names. No command whose name says it writes may
     * pass as a read; a Camunda upgrade that adds one is caught here.
     */
    @Test
    void noCommandThatWritesIsTakenForARead() throws Exception {
        Pattern writes = Pattern.compile(
                "^(?!\\w*QueryImpl$)(Set|Delete|Save|Update|Complete|Claim|Assign|Delegate|Modify|Suspend|Activate|Start|Submit"
                        + "|Signal|Correlate|Message|Restart|Migrate|Execute(Jobs)?Cmd|Handle|Resolve|Add|Remove|Patch|Unlock|Lock|Fetch|Extend"
                        + "|Register|Unregister|Purge|Telemetry|Transition|Activity|Deploy|HistoryCleanup|Evaluate|Recalculate|Report|Create(?!\\w*Query)"
                        + "|CheckPassword|GetNextIdBlock|Default(Job)?Retry|Acquire|Close|Terminate|Disable|Reenable|ManualStart).*");
        List<String> takenForReads = new ArrayList<>();
        for (JavaClass type : engineCommands()) {
            Class<?> command = Class.forName(type.getName());
            if (writes.matcher(type.getSimpleName()).matches() && verdictByName(command) == Verdict.READ) {
                takenForReads.add(type.getName());
            }
        }
        assertThat(takenForReads).isEmpty();
    }

    @Test
    void readsAreRecognised() throws Exception {
        for (String name : new String[] { "org.camunda.bpm.engine.impl.cmd.GetDeploymentResourceCmd",
                "org.camunda.bpm.engine.impl.cmd.GetActivityInstanceCmd",
                "org.camunda.bpm.engine.impl.cmd.GetTaskFormVariablesCmd",
                "org.camunda.bpm.engine.impl.HistoricTaskInstanceReportImpl$ExecuteDurationCmd" }) {
            assertThat(verdictByName(Class.forName(name))).as(name).isEqualTo(Verdict.READ);
        }
        for (String name : new String[] { "org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd",
                "org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd",
                "org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd", "org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd",
                "org.camunda.bpm.engine.impl.cmd.GetNextIdBlockCmd", "org.camunda.bpm.engine.impl.cmd.CheckPassword",
                "org.camunda.bpm.engine.impl.cmd.SetJobDuedateCmd",
                "org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd" }) {
            assertThat(verdictByName(Class.forName(name))).as(name).isEqualTo(Verdict.REFUSED);
        }
        assertThat(verdictByName(Class.forName("org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd")))
            .isEqualTo(Verdict.ADMIN_ACTION);
    }

    /**
     * The verdict for a command class, without constructing one: the rule reads only the
     * class.
     */
    private static Verdict verdictByName(Class<?> type) {
        if (org.camunda.bpm.engine.impl.AbstractQuery.class.isAssignableFrom(type)
                || org.camunda.bpm.engine.impl.AbstractNativeQuery.class.isAssignableFrom(type)) {
            return Verdict.READ;
        }
        return EngineApiRules.commandClass(type).verdict();
    }

    private static List<JavaClass> engineCommands() {
        return new ClassFileImporter().importPackages("org.camunda.bpm.engine.impl")
            .stream()
            .filter(c -> c.isAssignableTo(Command.class) && !c.isInterface()
                    && !c.getModifiers().contains(JavaModifier.ABSTRACT))
            .filter(c -> !Modifier.isAbstract(c.reflect().getModifiers()))
            .toList();
    }

}
