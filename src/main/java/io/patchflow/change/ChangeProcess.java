package io.patchflow.change;

import java.util.List;

import io.patchflow.security.Actor;

/**
 * The change's process, seen from the domain. The workflow adapter implements it on the
 * embedded engine with business key = change id; nothing outside that adapter touches the
 * engine.
 */
public interface ChangeProcess {

    /**
     * Starts the process for a newly submitted change; returns the process instance id.
     */
    String start(ChangeRequest change);

    /**
     * Cancels the change through the process. Refused with a conflict once the process
     * has left the part of the model in which cancellation is allowed (deployment has
     * started).
     */
    void cancel(ChangeRequest change, Actor actor, String reason);

    /**
     * The steps the process has been through, oldest first, including the ones active
     * now.
     */
    List<ProcessStep> steps(ChangeRequest change);

    /**
     * The BPMN XML of the process definition the change runs on, for the diagram on the
     * change page.
     */
    String diagram(ChangeRequest change);

}
