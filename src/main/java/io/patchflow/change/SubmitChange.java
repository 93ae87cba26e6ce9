package io.patchflow.change;

import java.time.OffsetDateTime;
import java.util.List;

/** What a requester asks for; validated by {@link ChangeService#submit}. {@code healthChecks} may be left out. */
public record SubmitChange(String customerId, String title, String description, List<Long> patchIds, List<Long> assetIds,
                           OffsetDateTime requestedStart, boolean emergency, String ticketReference, List<HealthCheck> healthChecks) {

    public SubmitChange(String customerId, String title, String description, List<Long> patchIds, List<Long> assetIds,
                        OffsetDateTime requestedStart, boolean emergency, String ticketReference) {
        this(customerId, title, description, patchIds, assetIds, requestedStart, emergency, ticketReference, null);
    }
}
