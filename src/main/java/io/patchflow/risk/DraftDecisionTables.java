package io.patchflow.risk;

import java.util.Set;

/**
 * Decision tables over an analyst's draft of a DMN model, before it is published
 * (implemented in {@code process}, next to the deployed tables, with the same evaluation
 * and the same FEEL-only engine). Nothing is deployed.
 */
public interface DraftDecisionTables {

    /**
     * The tables as they would be if this model were published, and as they are.
     * @param dmn the draft's bytes, untrusted
     * @throws io.patchflow.shared.InvalidInputException naming the problem, if the bytes
     * are not a DMN model the preview can evaluate
     */
    Draft of(byte[] dmn);

    /**
     * @param published the deployed tables, as they were when the draft was read: a
     * publication meanwhile does not change them
     * @param draft the draft's decisions, and the deployed ones (as in {@code published})
     * for every key the draft does not define: publishing it would leave those as they
     * are
     * @param decisionKeys the decisions the draft defines itself
     * @param changedKeys those of them whose table differs from the deployed one, or that
     * are not deployed
     */
    record Draft(DecisionTables published, DecisionTables draft, Set<String> decisionKeys, Set<String> changedKeys) {

        public Draft {
            decisionKeys = Set.copyOf(decisionKeys);
            changedKeys = Set.copyOf(changedKeys);
        }

    }

}
