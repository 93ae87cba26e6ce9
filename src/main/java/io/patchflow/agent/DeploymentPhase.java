package io.patchflow.agent;

/** The phases of a change in which agents do work; each one is a batch of agent jobs. */
public enum DeploymentPhase {

    BACKUP, INSTALL, VERIFY, ROLLBACK

}
