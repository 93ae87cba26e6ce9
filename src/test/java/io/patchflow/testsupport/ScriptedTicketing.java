package io.patchflow.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import io.patchflow.ticketing.TicketDetails;
import io.patchflow.ticketing.TicketStage;
import io.patchflow.ticketing.TicketTransitionException;
import io.patchflow.ticketing.TicketingException;
import io.patchflow.ticketing.TicketingSystem;

/**
 * A test double of an external ticketing system ("scripted"), for the outbox's own tests:
 * it keeps the notes posted per ticket in memory and can be told to be down, to ask for a
 * wait ({@code Retry-After}), or to post a note and lose the answer (a timeout after the
 * system did the work). The adapters for real systems are tested against those systems or
 * their documented HTTP exchanges, not against this.
 */
@Component
public class ScriptedTicketing implements TicketingSystem {

    public static final String SYSTEM = "scripted";

    private final Map<String, List<String>> notes = new ConcurrentHashMap<>();

    private final AtomicInteger posts = new AtomicInteger();

    private final AtomicInteger opened = new AtomicInteger();

    private final Map<String, String> incidents = new ConcurrentHashMap<>();

    private final Map<String, List<TicketStage>> moves = new ConcurrentHashMap<>();

    private volatile boolean ignoreMoves;

    private volatile boolean down;

    private volatile Duration retryAfter;

    private volatile int answersToLose;

    @Override
    public String system() {
        return SYSTEM;
    }

    @Override
    public TicketDetails find(String customerId, String reference) {
        refuseWhileDown();
        List<TicketStage> moved = moves.getOrDefault(reference, List.of());
        return new TicketDetails(reference, "Scripted ticket " + reference,
                moved.isEmpty() ? "In progress" : "Stage " + moved.get(moved.size() - 1), "");
    }

    @Override
    public synchronized void addNote(String customerId, String reference, String body, String marker) {
        refuseWhileDown();
        posts.incrementAndGet();
        notes.computeIfAbsent(reference, r -> new ArrayList<>()).add(body);
        if (answersToLose > 0) {
            answersToLose--;
            throw new TicketingException("read timed out after posting (scripted)");
        }
    }

    @Override
    public boolean hasNote(String customerId, String reference, String marker) {
        refuseWhileDown();
        return notesOn(reference).stream().anyMatch(n -> n.endsWith(marker));
    }

    /**
     * Opens an incident, or answers the one holding the marker; the answer is lost like a
     * note's when told to.
     */
    @Override
    public synchronized String openIncident(String customerId, String title, String body, String marker) {
        refuseWhileDown();
        String reference = incidents.get(marker);
        if (reference == null) {
            reference = "EXT-INC-" + (incidents.size() + 1);
            incidents.put(marker, reference);
            opened.incrementAndGet();
            notes.computeIfAbsent(reference, r -> new ArrayList<>()).add(title + "\n" + body);
            if (answersToLose > 0) {
                answersToLose--;
                throw new TicketingException("read timed out after creating (scripted)");
            }
        }
        return reference;
    }

    /** Moves the ticket, or ignores every move when told to (as a workflow can). */
    @Override
    public synchronized String moveTo(String customerId, String reference, TicketStage stage) {
        refuseWhileDown();
        if (ignoreMoves) {
            throw new TicketTransitionException(
                    "scripted left " + reference + " where it was when asked for " + stage + " (read back)");
        }
        moves.computeIfAbsent(reference, r -> new ArrayList<>()).add(stage);
        return "Stage " + stage;
    }

    /** How many incidents were opened. */
    public int incidentsOpened() {
        return opened.get();
    }

    public List<TicketStage> movesOf(String reference) {
        return List.copyOf(moves.getOrDefault(reference, List.of()));
    }

    public void ignoreMoves(boolean ignore) {
        this.ignoreMoves = ignore;
    }

    private void refuseWhileDown() {
        if (down) {
            throw new TicketingException("503 Service Unavailable (scripted)", retryAfter, null);
        }
    }

    public synchronized List<String> notesOn(String reference) {
        return List.copyOf(notes.getOrDefault(reference, List.of()));
    }

    /** How often a note was posted, whatever the answer. */
    public int posts() {
        return posts.get();
    }

    public void down(Duration retryAfter) {
        this.retryAfter = retryAfter;
        this.down = true;
    }

    public void up() {
        this.down = false;
        this.retryAfter = null;
    }

    /** The next {@code count} posts reach the system, but their answers are lost. */
    public void loseAnswers(int count) {
        this.answersToLose = count;
    }

    public synchronized void reset() {
        notes.clear();
        posts.set(0);
        opened.set(0);
        incidents.clear();
        moves.clear();
        ignoreMoves = false;
        up();
        answersToLose = 0;
    }

}
