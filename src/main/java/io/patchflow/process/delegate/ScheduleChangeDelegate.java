package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.BlackoutDecision;
import io.patchflow.schedule.ScheduleService;

/**
 * Sets {@code windowStart} (ISO 8601) for the timer and {@code inSoftBlackout}. After a
 * change manager chose to postpone rather than deploy in a soft blackout, soft blackouts
 * are avoided too.
 */
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
