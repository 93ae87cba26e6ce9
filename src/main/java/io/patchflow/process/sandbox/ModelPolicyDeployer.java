package io.patchflow.process.sandbox;

import java.util.List;

import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;

/**
 * Runs first in every deployment, whoever makes it (Patchflow at start-up, a test, the
 * engine REST API, the Camunda webapps): refuses it with every finding of
 * {@link ModelPolicy}, then asks the {@link DeploymentGate} whether this caller may
 * deploy at all. Nothing is stored when it refuses.
 */
public final class ModelPolicyDeployer implements Deployer {

    /** Who may deploy a model that passed the rules. */
    @FunctionalInterface
    public interface DeploymentGate {

        /**
         * Throws when the current caller may not deploy; the deployment is then rolled
         * back.
         */
        void check(DeploymentEntity deployment);

    }

    private final ModelPolicy policy;

    private final DeploymentGate gate;

    public ModelPolicyDeployer(ModelPolicy policy, DeploymentGate gate) {
        this.policy = policy;
        this.gate = gate;
    }

    @Override
    public void deploy(DeploymentEntity deployment) {
        // The engine also runs its deployers when it reloads a stored deployment into its
        // cache; those were checked when they arrived (and the sandbox guards them when
        // they run).
        if (!deployment.isNew()) {
            return;
        }
        List<Finding> findings = deployment.getResources()
            .values()
            .stream()
            .flatMap(resource -> policy.check(resource.getName(), resource.getBytes()).stream())
            .toList();
        if (!findings.isEmpty()) {
            throw new ModelRefusedException(findings);
        }
        gate.check(deployment);
    }

}
