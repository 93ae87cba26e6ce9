package io.patchflow.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import io.patchflow.ticketing.TicketDetails;
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
        return new TicketDetails(reference, "Scripted ticket " + reference, "In progress", "");
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

    @Override
    public String openIncident(String customerId, String title, String body, String marker) {
        throw new TicketingException("the scripted system opens no incidents");
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
        up();
        answersToLose = 0;
    }

}
