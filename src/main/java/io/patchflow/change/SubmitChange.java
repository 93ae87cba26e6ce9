package io.patchflow.change;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a requester asks for; validated by {@link ChangeService#submit}.
 * {@code healthChecks} may be left out. {@code slaClockStart} is when the patches were
 * found applicable, for a change that comes from a proposal; null starts the SLA clock at
 * submission.
 */
public record SubmitChange(String customerId, String title, String description, List<Long> patchIds,
        List<Long> assetIds, OffsetDateTime requestedStart, boolean emergency, String ticketReference,
        List<HealthCheck> healthChecks, Instant slaClockStart) {

    public SubmitChange(String customerId, String title, String description, List<Long> patchIds, List<Long> assetIds,
            OffsetDateTime requestedStart, boolean emergency, String ticketReference, List<HealthCheck> healthChecks) {
        this(customerId, title, description, patchIds, assetIds, requestedStart, emergency, ticketReference,
                healthChecks, null);
    }

    public SubmitChange(String customerId, String title, String description, List<Long> patchIds, List<Long> assetIds,
            OffsetDateTime requestedStart, boolean emergency, String ticketReference) {
        this(customerId, title, description, patchIds, assetIds, requestedStart, emergency, ticketReference, null,
                null);
    }
}
