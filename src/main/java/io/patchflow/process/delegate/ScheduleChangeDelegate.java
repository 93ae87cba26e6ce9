package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.schedule.ScheduleService;
import io.patchflow.process.PatchChange;

/** Sets {@code windowStart} (ISO 8601) for the timer that waits for the maintenance window. */
@Component("scheduleChangeDelegate")
class ScheduleChangeDelegate implements JavaDelegate {

    private final ScheduleService schedule;

    ScheduleChangeDelegate(ScheduleService schedule) {
        this.schedule = schedule;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchChange.VAR_WINDOW_START, schedule.schedule(Executions.changeId(execution)).toString());
    }
}
