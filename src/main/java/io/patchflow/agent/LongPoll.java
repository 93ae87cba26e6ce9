package io.patchflow.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import jakarta.annotation.PreDestroy;

/**
 * Job polls that wait on the server for work (long polling), without a thread per waiting
 * agent: each waiting poll is parked as a {@link DeferredResult}, and every {@link #TICK}
 * one query asks which of the waiting assets have a job to hand out; only those polls are
 * answered early. The check reads the database, not a notification in memory, so it works
 * the same on every node of a cluster whichever node queued the job.
 */
@Component
class LongPoll {

    static final Duration TICK = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(LongPoll.class);

    private static final int CHUNK = 1000;

    /**
     * {@code held}: its asset's only jobs wait for the window; answer it when it times
     * out, not on every tick.
     */
    private record Waiter(AgentPrincipal agent, int max, DeferredResult<AgentJobService.Lease> result, Instant until,
            boolean held) {
    }

    private final AgentJobRepository queue;

    private final AgentJobService jobs;

    /**
     * One waiting poll per agent; a newer poll from the same agent replaces the older
     * one.
     */
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();

    private volatile boolean closing;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "agent-long-poll");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Answers polls whose asset has work, several at a time: each answer is a lease
     * transaction, and a wave of a thousand assets makes a thousand polls ready in the
     * same tick.
     */
    private final ExecutorService answering = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "agent-long-poll-answer");
        thread.setDaemon(true);
        return thread;
    });

    LongPoll(AgentJobRepository queue, AgentJobService jobs) {
        this.queue = queue;
        this.jobs = jobs;
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Answers at once if there is work, else parks the poll for up to {@code wait}. */
    DeferredResult<AgentJobService.Lease> lease(AgentPrincipal agent, int max, Duration wait) {
        AgentJobService.Lease now = jobs.lease(agent, max);
        DeferredResult<AgentJobService.Lease> result = new DeferredResult<>(wait.toMillis() + 5_000L);
        if (!now.jobs().isEmpty() || wait.isZero() || agent.assetId() == null || closing) {
            result.setResult(now);
            return result;
        }
        Waiter waiter = new Waiter(agent, max, result, Instant.now().plus(wait), !now.deferred().isEmpty());
        Waiter replaced = waiting.put(agent.agentId(), waiter);
        if (replaced != null) {
            replaced.result().setResult(new AgentJobService.Lease(List.of(), List.of()));
        }
        result
            .onCompletion(() -> waiting.computeIfPresent(agent.agentId(), (id, w) -> w.result() == result ? null : w));
        result.onTimeout(() -> result.setResult(now));
        if (closing) {
            // the node began to close while this poll was being parked
            waiting.remove(agent.agentId(), waiter);
            result.setResult(now);
        }
        return result;
    }

    int waitingCount() {
        return waiting.size();
    }

    private void tick() {
        try {
            if (waiting.isEmpty()) {
                return;
            }
            Instant now = Instant.now();
            List<Waiter> all = new ArrayList<>(waiting.values());
            Set<Long> ready = readyAssets(all.stream().map(w -> w.agent().assetId()).distinct().toList());
            List<Future<?>> answers = new ArrayList<>();
            for (Waiter waiter : all) {
                if (now.isAfter(waiter.until()) || (ready.contains(waiter.agent().assetId()) && !waiter.held())) {
                    answers.add(answering.submit(() -> answer(waiter.agent().agentId(), now)));
                }
            }
            // the next tick starts when these answers are out, so no poll is answered
            // twice
            for (Future<?> answer : answers) {
                answer.get();
            }
        }
        catch (RuntimeException | ExecutionException e) {
            // A database hiccup must not stop the ticker; the polls still time out on
            // their own.
            log.warn("long-poll check failed: {}", e.toString());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Answers one parked poll. The poll is claimed before anything is leased, and a lease
     * that can no longer be delivered (the poll timed out or its agent went away
     * meanwhile) is handed back at once: under a backlog of answers a lease must not be
     * lost until its expiry (docs/benchmarks.md).
     */
    void answer(String agentId, Instant now) {
        Waiter waiter = waiting.remove(agentId);
        if (waiter == null) {
            return; // answered or timed out meanwhile
        }
        boolean due = now.isAfter(waiter.until());
        try {
            AgentJobService.Lease lease = jobs.lease(waiter.agent(), waiter.max());
            if (lease.jobs().isEmpty() && !due && !closing) {
                // Only jobs that wait for the window: keep the poll parked until it times
                // out, unless the agent has polled again meanwhile.
                if (!waiter.result().isSetOrExpired()) {
                    waiting.putIfAbsent(agentId,
                            new Waiter(waiter.agent(), waiter.max(), waiter.result(), waiter.until(), true));
                }
                if (closing) {
                    // the node began to close meanwhile: closing() may have missed this
                    // poll
                    Waiter parked = waiting.remove(agentId);
                    if (parked != null) {
                        parked.result().setResult(lease);
                    }
                }
                return;
            }
            if (!waiter.result().setResult(lease) && !lease.jobs().isEmpty()) {
                jobs.release(waiter.agent(), lease.jobs());
            }
        }
        catch (RuntimeException e) {
            waiter.result().setErrorResult(e);
        }
    }

    /**
     * Which of these assets have a job that a poll would hand out (queued, or leased with
     * the lease run out).
     */
    private Set<Long> readyAssets(List<Long> assetIds) {
        Set<Long> ready = new HashSet<>();
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        for (int from = 0; from < assetIds.size(); from += CHUNK) {
            ready.addAll(queue.readyAssets(assetIds.subList(from, Math.min(assetIds.size(), from + CHUNK)), now));
        }
        return ready;
    }

    /**
     * The node is shutting down: answer every parked poll now, with nothing, and park no
     * more. The web server's graceful shutdown waits for requests in flight, and a parked
     * poll is one for up to its wait (30 s); answered, each agent polls again and reaches
     * a node that stays up.
     */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        closing = true;
        List<Waiter> parked = new ArrayList<>(waiting.values());
        waiting.clear();
        parked.forEach(w -> w.result().setResult(new AgentJobService.Lease(List.of(), List.of())));
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        answering.shutdownNow();
        waiting.values().forEach(w -> w.result().setResult(new AgentJobService.Lease(List.of(), List.of())));
        waiting.clear();
    }

}
