package io.patchflow.approval;

import io.patchflow.change.ChangeId;

/**
 * Open approval tasks of a change, as far as escalation needs them. Implemented by the
 * workflow adapter.
 */
public interface ApprovalTasks {

    /**
     * Offers the change's open tasks of one step to one more group; returns how many
     * tasks were offered.
     */
    int offerTo(ChangeId change, String taskDefinitionKey, String group);

}
