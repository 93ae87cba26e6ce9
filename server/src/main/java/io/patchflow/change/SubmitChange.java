package io.patchflow.change;

import java.time.OffsetDateTime;
import java.util.List;

/** What a requester asks for; validated by {@link ChangeService#submit}. */
public record SubmitChange(String customerId, String title, String description, List<Long> patchIds, List<Long> assetIds,
                           OffsetDateTime requestedStart, boolean emergency, String ticketReference) {
}
