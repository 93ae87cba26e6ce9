package io.patchflow.review;

import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeStatus;
import io.patchflow.deployment.AssetState;
import io.patchflow.deployment.DeploymentState;
import io.patchflow.security.Actor;

/**
 * After deployment: the measured outcome from the assets' final states, and the
 * post-implementation review, which a successful non-emergency change gets automatically.
 */
@Service
public class ChangeReview {

    private final DeploymentState deployment;

    private final ChangeLifecycle lifecycle;

    private final AuditTrail audit;

    ChangeReview(DeploymentState deployment, ChangeLifecycle lifecycle, AuditTrail audit) {
        this.deployment = deployment;
        this.lifecycle = lifecycle;
        this.audit = audit;
    }

    /** "assets: 2 succeeded, 1 rolled back", in the order of {@link AssetState}. */
    static String inWords(Map<AssetState, Integer> states) {
        String counts = java.util.Arrays.stream(AssetState.values())
            .filter(s -> states.getOrDefault(s, 0) > 0)
            .map(s -> states.get(s) + " " + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
            .collect(java.util.stream.Collectors.joining(", "));
        return "assets: " + (counts.isEmpty() ? "none" : counts);
    }

    @Transactional
    public ChangeOutcome decideOutcome(ChangeId id) {
        Map<AssetState, Integer> states = deployment.countByState(id);
        ChangeOutcome outcome = OutcomePolicy.outcome(states);
        lifecycle.decideOutcome(id, outcome, inWords(states), Actor.SYSTEM_NAME);
        lifecycle.moveTo(id, ChangeStatus.IN_REVIEW, Actor.SYSTEM_NAME, "post-implementation review");
        return outcome;
    }

    @Transactional
    public void recordAutomaticReview(ChangeId id) {
        audit.record(lifecycle.get(id).customerId(), id.value(), Actor.SYSTEM_NAME, "REVIEW_AUTOMATIC",
                "successful change; post-implementation review recorded automatically");
    }

}
