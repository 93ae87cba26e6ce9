package io.patchflow.policy;

import java.util.Map;
import java.util.Set;

import io.patchflow.inventory.Criticality;
import io.patchflow.patch.PatchType;

/**
 * A class of change the customer has pre-approved, e.g. "monthly security updates on
 * non-critical workstations": only these patch types, assets up to this criticality, a
 * reboot only if allowed, and, if a tag is set, only assets carrying it.
 */
public record StandardTemplate(long id, String customerId, String name, Set<PatchType> patchTypes,
        Criticality maxCriticality, boolean rebootAllowed, String assetTag) {

    public StandardTemplate {
        patchTypes = Set.copyOf(patchTypes);
    }

    /**
     * What a change is made of, as far as templates care; {@code assetsByTag} counts the
     * change's assets per tag.
     */
    public record Shape(Set<PatchType> patchTypes, Criticality maxCriticality, boolean rebootRequired, int assetCount,
            Map<String, Integer> assetsByTag) {
    }

    /** The patch types in a fixed order, for pages: {@code "MAINTENANCE, SECURITY"}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String patchTypesText() {
        return patchTypes.stream().map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(", "));
    }

    public boolean fits(Shape change) {
        return change.assetCount() > 0 && patchTypes.containsAll(change.patchTypes())
                && change.maxCriticality().compareTo(maxCriticality) <= 0 && (rebootAllowed || !change.rebootRequired())
                && (assetTag == null || change.assetsByTag().getOrDefault(assetTag, 0) == change.assetCount());
    }
}
