package io.patchflow.ticketing;

import java.util.List;

/**
 * What the new-change form is filled with for a ticket: the requester checks it and adds
 * the patches.
 *
 * @param hostnames the hosts of {@code assetIds}, in the same order
 * @param unavailable why the ticket's description could not be read, so that only its
 * stored title was used; null when nothing was missing
 */
public record ChangeDraft(String customerId, String title, String ticketReference, List<Long> assetIds,
        List<String> hostnames, String unavailable) {

    public ChangeDraft {
        assetIds = List.copyOf(assetIds);
        hostnames = List.copyOf(hostnames);
    }

}
