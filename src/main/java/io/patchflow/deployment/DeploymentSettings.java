package io.patchflow.deployment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param gateThreshold success rate (0..1) a wave must reach for the rollout to go on by itself */
@ConfigurationProperties("patchflow.deployment")
public record DeploymentSettings(double gateThreshold) {

    public DeploymentSettings {
        if (!(gateThreshold >= 0 && gateThreshold <= 1)) { // also refuses NaN
            throw new IllegalArgumentException("patchflow.deployment.gate-threshold is a rate between 0 and 1");
        }
    }
}
