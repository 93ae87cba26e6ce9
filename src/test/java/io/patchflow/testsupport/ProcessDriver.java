package io.patchflow.testsupport;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

import io.patchflow.agent.AgentJobService;
import io.patchflow.agent.AgentPrincipal;
import io.patchflow.agent.LeasedJob;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.SubmitChange;
import io.patchflow.inbox.InboxService;
import io.patchflow.security.Actor;

/**
 * Drives a change's process by hand, the way the job executor, people and agents would:
 * runs the due jobs, completes tasks through the inbox (as the person), answers jobs as
 * the assets' agents.
 */
@Component
public class ProcessDriver {

    private final ChangeService changes;

    private final ChangeLifecycle lifecycle;

    private final InboxService inbox;

    private final AgentJobService agentJobs;

    private final ManagementService management;

    private final RuntimeService runtime;

    private final TaskService tasks;

    public ProcessDriver(ChangeService changes, ChangeLifecycle lifecycle, InboxService inbox,
            AgentJobService agentJobs, ManagementService management, RuntimeService runtime, TaskService tasks) {
        this.changes = changes;
        this.lifecycle = lifecycle;
        this.inbox = inbox;
        this.agentJobs = agentJobs;
        this.management = management;
        this.runtime = runtime;
        this.tasks = tasks;
    }

    public ChangeRequest submit(Fixtures.World world, List<Long> patchIds, List<Long> assetIds, boolean emergency,
            OffsetDateTime requestedStart) {
        ChangeRequest change = changes.submit(world.requester, new SubmitChange(world.customer, "test change", "why",
                patchIds, assetIds, requestedStart, emergency, "SD-" + world.customer));
        runJobs(change.id());
        return change;
    }

    public ChangeRequest change(ChangeId id) {
        return lifecycle.get(id);
    }

    /** The change's process instance, usable for assertions also after it has ended. */
    public ProcessInstance instance(ChangeId id) {
        return new ProcessRef(change(id).processInstanceId(), id.toString(), runtime);
    }

    /**
     * Executes every job that is due now (async steps, timers already due), until there
     * are none.
     */
    public void runJobs(ChangeId id) {
        String instance = change(id).processInstanceId();
        for (int round = 0; round < 200; round++) {
            List<Job> due = management.createJobQuery().processInstanceId(instance).executable().list();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                management.executeJob(job.getId());
            }
        }
        throw new AssertionError("the process of " + id + " keeps creating jobs");
    }

    /** Fires a timer now, whatever its due date, then runs what follows. */
    public void fireTimer(ChangeId id, String activityId) {
        Job timer = timer(id, activityId);
        if (timer == null) {
            throw new AssertionError("no timer at " + activityId);
        }
        management.executeJob(timer.getId());
        runJobs(id);
    }

    public Job timer(ChangeId id, String activityId) {
        return management.createJobQuery()
            .processInstanceId(change(id).processInstanceId())
            .activityId(activityId)
            .timers()
            .singleResult();
    }

    public List<Task> tasks(ChangeId id, String taskKey) {
        return tasks.createTaskQuery()
            .processInstanceId(change(id).processInstanceId())
            .taskDefinitionKey(taskKey)
            .list();
    }

    public String taskId(ChangeId id, String taskKey) {
        List<Task> open = tasks(id, taskKey);
        if (open.isEmpty()) {
            throw new AssertionError("no open task " + taskKey + " for " + id);
        }
        return open.get(0).getId();
    }

    /** Completes the first open task of that step through the inbox, as the person. */
    public void complete(Actor actor, ChangeId id, String taskKey, Map<String, Object> form) {
        inbox.complete(actor, taskId(id, taskKey), form);
        runJobs(id);
    }

    /** The asset's agent takes its open jobs of this change and answers each one. */
    public void agentAnswers(Fixtures.World world, ChangeId id, String host, boolean succeeded) {
        AgentPrincipal agent = world.agent(host);
        for (LeasedJob job : agentJobs.lease(agent, 10).jobs()) {
            if (job.changeId().equals(id.toString())) {
                agentJobs.report(agent, job.jobId(), succeeded, succeeded ? "ok" : "failed on purpose");
            }
        }
        runJobs(id);
    }

    public void agentsSucceed(Fixtures.World world, ChangeId id, String... hosts) {
        for (String host : hosts) {
            agentAnswers(world, id, host, true);
        }
    }

    /**
     * What the asset's agent gets when it asks for work now, jobs and deferrals, without
     * answering.
     */
    public AgentJobService.Lease agentLease(Fixtures.World world, String host) {
        return agentJobs.lease(world.agent(host), 10);
    }

    /** Leases the asset's jobs without answering (a silent agent). */
    public List<LeasedJob> agentLeasesSilently(Fixtures.World world, String host) {
        return agentJobs.lease(world.agent(host), 10).jobs();
    }

}
