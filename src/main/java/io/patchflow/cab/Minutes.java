package io.patchflow.cab;

import java.time.Instant;
import java.util.List;

import io.patchflow.change.ChangeId;

/**
 * What a meeting decided: who was there and, per agenda item, the votes of its CAB round
 * (recorded through the engine like any CAB vote, ADR 0040) and the outcome by the seats
 * and quorum of the change's risk assessment.
 */
public record Minutes(CabMeeting meeting, List<Attendee> attendees, List<Item> items) {

    public Minutes {
        attendees = List.copyOf(attendees);
        items = List.copyOf(items);
    }

    /**
     * One agenda item. {@code seats} and {@code quorum} are the DMN route's (null if the
     * change has no assessment); {@code open} while the round is undecided.
     */
    public record Item(ChangeId changeId, String title, String requester, int approvalRound, Integer seats,
            Integer quorum, List<Vote> votes, String outcome, boolean open) {

        public Item {
            votes = List.copyOf(votes);
        }

    }

    /**
     * A CAB vote of the item's round: who, what, why and when; {@code recordedBy} is the
     * chair who recorded it in this meeting, null for a vote cast from the person's
     * inbox.
     */
    public record Vote(String voter, String decision, String comment, Instant decidedAt, String recordedBy) {
    }

}
