package io.patchflow.notification;

/**
 * The kinds of notification. People choose how they hear of each one ({@link Delivery});
 * the maintenance-window notice goes to a customer's contacts, who are addresses rather
 * than users, so it has no preference.
 */
public enum NotificationEvent {

    TASK_ASSIGNED("A task is offered or assigned to me", true), TASK_DELEGATED("A task is delegated to me", true),
    APPROVAL_ESCALATED("An approval is overdue and escalated", true),
    DEPLOYMENT_FAILED("A rollout halts at a failed wave", true), SLA_BREACHED("A change misses its SLA deadline", true),
    CHANGE_OUTCOME("My change is closed with its outcome", true),
    WINDOW_NOTICE("Advance notice of a maintenance window (customer contacts)", false);

    private final String label;

    private final boolean personal;

    NotificationEvent(String label, boolean personal) {
        this.label = label;
        this.personal = personal;
    }

    public String label() {
        return label;
    }

    /** Whether a person can choose how they receive it. */
    public boolean personal() {
        return personal;
    }

}
