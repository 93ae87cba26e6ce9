package io.patchflow.ticketing;

import java.time.OffsetDateTime;

import io.patchflow.change.ChangeId;

/**
 * A change linked to a ticket, as the ticket's pages list it.
 *
 * @param outcome null while the change is open
 */
public record LinkedChange(ChangeId id, String title, String status, String outcome, String linkedBy,
        OffsetDateTime linkedAt) {
}
