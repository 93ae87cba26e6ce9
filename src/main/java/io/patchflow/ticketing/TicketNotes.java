package io.patchflow.ticketing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.Actor;
import io.patchflow.shared.Backoff;

/**
 * The outbox of notes on tickets (ADR 0042). {@link #record} writes a note in the
 * caller's transaction, once per ticket and key; {@link #deliverDue} posts the due notes
 * to the tickets' systems afterwards, outside any transaction, oldest first per ticket:
 * each note is claimed by a conditional update (two nodes never both post it), and a note
 * whose earlier attempt may have reached the system is first looked for there, so a retry
 * never posts it twice.
 */
@Service
public class TicketNotes {

    private static final Logger log = LoggerFactory.getLogger(TicketNotes.class);

    /** The line that ends every note Patchflow posts, unique per ticket and note. */
    static final String MARKER_PREFIX = "patchflow-note:";

    private final TicketNoteRepository notes;

    private final TicketingSystems systems;

    private final TicketingSettings settings;

    private final TicketRepository tickets;

    /** Which node holds a claim: one id per running server. */
    private final String node = UUID.randomUUID().toString();

    private final AuditTrail audit;

    TicketNotes(TicketNoteRepository notes, TicketingSystems systems, TicketingSettings settings,
            TicketRepository tickets, AuditTrail audit) {
        this.tickets = tickets;
        this.audit = audit;
        this.notes = notes;
        this.systems = systems;
        this.settings = settings;
    }

    /**
     * Records a note for the ticket in the current transaction, unless the ticket has one
     * with this key; true if recorded. A note on a built-in ticket is delivered as it is
     * written.
     */
    boolean record(long ticketId, String system, Long changeId, String noteKey, String milestone, String body) {
        boolean builtIn = !systems.named(system).external();
        return notes.record(ticketId, changeId, noteKey, milestone, body, builtIn, Instant.now());
    }

    /**
     * Records, in the current transaction, that the incident ticket under this
     * placeholder row is to be opened in its (external) system, with {@code body} as its
     * text.
     */
    boolean recordOpening(long ticketId, Long changeId, String noteKey, String body) {
        return notes.record(ticketId, changeId, TicketNoteRepository.Kind.OPEN, noteKey, "INCIDENT_OPENED", body, false,
                Instant.now());
    }

    /**
     * Records, in the current transaction, that the ticket is to be moved to the stage
     * once the notes before are delivered; key {@code <change>:MOVE:<stage>}.
     */
    boolean recordMove(long ticketId, long changeId, String changeKey, TicketStage stage) {
        return notes.record(ticketId, changeId, TicketNoteRepository.Kind.MOVE, changeKey + ":MOVE:" + stage.name(),
                "TO_" + stage.name(), "Move the ticket to its " + stage.name().toLowerCase() + " stage.", false,
                Instant.now());
    }

    /** The stage a MOVE goes to: the last part of its key ({@code CHG-7:MOVE:CLOSED}). */
    static TicketStage stage(String noteKey) {
        return TicketStage.valueOf(noteKey.substring(noteKey.lastIndexOf(':') + 1));
    }

    /** The marker line of the note with this key: the same on every attempt. */
    static String marker(String noteKey) {
        return MARKER_PREFIX + noteKey;
    }

    /**
     * The ticket's status as its system says it now; null when it cannot be read, which
     * changes nothing.
     */
    private String readStatus(TicketingSystem system, String customerId, String reference) {
        try {
            return system.find(customerId, reference).status();
        }
        catch (RuntimeException e) {
            log.info("Status of {} ticket {} not read: {}", system.system(), reference, e.getMessage());
            return null;
        }
    }

    /**
     * Posts the notes due at {@code now}, at most a batch; returns how many were
     * delivered. A ticket's next note is due once the one before it is delivered, so the
     * run looks again while it makes progress.
     */
    public int deliverDue(Instant now) {
        int delivered = 0;
        boolean progress = true;
        while (progress && delivered < settings.batchSize()) {
            progress = false;
            for (long id : notes.due(now, settings.batchSize() - delivered)) {
                if (deliver(id, now)) {
                    delivered++;
                    progress = true;
                }
            }
        }
        return delivered;
    }

    private boolean deliver(long id, Instant now) {
        if (!notes.claim(id, node, now, now.plus(settings.claimTimeout()))) {
            return false; // another node took it
        }
        TicketNoteRepository.PendingNote note = notes.find(id).orElseThrow();
        try {
            TicketingSystem system = systems.named(note.system());
            String marker = marker(note.noteKey());
            String reference = note.reference();
            String status = null; // as the system answered a move
            switch (note.kind()) {
                case NOTE -> {
                    // an earlier attempt (this is attempt note.attempts()) may have
                    // posted
                    // it and lost the answer, or its node may have died before marking it
                    if (note.attempts() == 1 || !system.hasNote(note.customerId(), reference, marker)) {
                        system.addNote(note.customerId(), reference, note.body() + "\n\n" + marker, marker);
                    }
                }
                case OPEN -> {
                    // the system finds the incident an earlier attempt opened by its
                    // marker
                    reference = system.openIncident(note.customerId(), note.title(), note.body(), note.noteKey());
                    tickets.named(note.ticketId(), reference);
                    audit.record(note.customerId(), note.changeId(), Actor.SYSTEM_NAME, "INCIDENT_OPENED",
                            note.system() + " ticket " + reference + ": " + note.title());
                }
                case MOVE -> status = system.moveTo(note.customerId(), reference, stage(note.noteKey()));
            }
            if (!notes.markDelivered(id, node, Instant.now())) {
                return false; // held too long: another node took it over, and will find
                              // it done
            }
            if (status == null) {
                status = readStatus(system, note.customerId(), reference);
            }
            // a system that cannot say (a webhook: blank) leaves the status its inbound
            // webhook reported
            if (status != null && !status.isBlank()) {
                tickets.statusRead(note.ticketId(), status, OffsetDateTime.now(ZoneOffset.UTC));
            }
            return true;
        }
        catch (TicketTransitionException e) {
            // asking again gets the same answer: reported, not retried, not taken as done
            notes.markRefused(id, node, e.getMessage());
            audit.record(note.customerId(), note.changeId(), Actor.SYSTEM_NAME, "TICKET_MOVE_REFUSED",
                    note.system() + " ticket " + note.reference() + ": " + e.getMessage());
            log.warn("{} ticket {} not moved ({}): {}", note.system(), note.reference(), note.noteKey(),
                    e.getMessage());
            return true;
        }
        catch (RuntimeException e) {
            Duration wait = Backoff.honouring(
                    Backoff.exponential(note.attempts(), settings.initialBackoff(), settings.maxBackoff()),
                    e instanceof TicketingException t ? t.retryAfter().orElse(null) : null);
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            notes.markFailed(id, node, now.plus(wait), error);
            log.warn("Note {} on {} ticket {} not delivered, attempt {}; next try in {}: {}", note.noteKey(),
                    note.system(), note.reference(), note.attempts(), wait, error);
            // the ticket's later notes wait for this one; other tickets go on
            return false;
        }
    }

}
