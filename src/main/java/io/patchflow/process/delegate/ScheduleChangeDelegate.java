package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.BlackoutDecision;
import io.patchflow.schedule.ScheduleService;

/**
 * Sets {@code windowStart} (ISO 8601) for the timer and {@code inSoftBlackout}. After a
 * change manager chose to postpone rather than deploy in a soft blackout, soft blackouts
 * are avoided too.
 */
@ModelDelegate(summary = "Finds the change's slot: the first time at or after now (or the requested start) when "
        + "the maintenance windows of all its assets are open, outside hard blackouts and the slots"
        + " other changes hold on the same assets; status SCHEDULED. An emergency starts now "
        + "whatever windows and blackouts say, and the overrides are recorded. Fails the step when no slot exists.",
        reads = { @Var(name = PatchChange.VAR_BLACKOUT_DECISION,
                means = "postpone makes it avoid soft blackouts too (a change manager chose not to deploy in "
                        + "one); any other value or none allows them.") },
        writes = {
                @Var(name = PatchChange.VAR_WINDOW_START,
                        means = "ISO 8601 instant (UTC) at which the slot starts, for the timer that waits for it."),
                @Var(name = PatchChange.VAR_IN_SOFT_BLACKOUT,
                        means = "Boolean: the slot lies in a soft blackout, which a change manager must approve.") })
@Component("scheduleChangeDelegate")
class ScheduleChangeDelegate implements JavaDelegate {

    private final ScheduleService schedule;

    ScheduleChangeDelegate(ScheduleService schedule) {
        this.schedule = schedule;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean avoidSoft = BlackoutDecision.POSTPONE.equals(execution.getVariable(PatchChange.VAR_BLACKOUT_DECISION));
        ScheduleService.Scheduled scheduled = schedule.schedule(Executions.changeId(execution), avoidSoft);
        execution.setVariable(PatchChange.VAR_WINDOW_START, scheduled.start().toString());
        execution.setVariable(PatchChange.VAR_IN_SOFT_BLACKOUT, scheduled.inSoftBlackout());
    }

}
