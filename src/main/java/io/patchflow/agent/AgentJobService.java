package io.patchflow.agent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * Agent jobs in Patchflow's own tables: queued per batch, leased to the asset's agent,
 * finished exactly once. The first result for a job wins; duplicates and late answers
 * change nothing.
 */
@Service
public class AgentJobService {

    private static final Logger log = LoggerFactory.getLogger(AgentJobService.class);

    private static final List<String> OPEN = AgentJobRepository.OPEN;

    private final AgentJobRepository jobs;

    private final AgentSettings settings;

    private final ApplicationEventPublisher events;

    private final AuditTrail audit;

    private final WindowGuard windowGuard;

    private final JobSigner signer;

    AgentJobService(AgentJobRepository jobs, AgentSettings settings, ApplicationEventPublisher events, AuditTrail audit,
            WindowGuard windowGuard, JobSigner signer) {
        this.jobs = jobs;
        this.settings = settings;
        this.events = events;
        this.audit = audit;
        this.windowGuard = windowGuard;
        this.signer = signer;
    }

    /**
     * Queues one job per asset as one batch; returns the number of jobs queued. With
     * {@code withinWindow}, an agent gets the job only while its asset's maintenance
     * window is open.
     */
    @Transactional
    public int dispatch(ChangeId change, DeploymentPhase phase, Integer wave, List<Long> assetIds, String payload,
            boolean withinWindow) {
        jobs.insertBatch(change, phase, wave, assetIds, payload, withinWindow, now());
        return assetIds.size();
    }

    /**
     * What a poll hands out, and which jobs wait for the asset's window (with when it
     * opens).
     */
    public record Lease(List<LeasedJob> jobs, List<Deferred> deferred) {
    }

    public record Deferred(String jobId, String type, String changeId, String reason, OffsetDateTime notBefore) {
    }

    /**
     * Hands back jobs leased for a poll that could not be answered any more: they are
     * queued again as if never leased, so the next poll gets them instead of waiting for
     * the lease to run out.
     */
    @Transactional
    public void release(AgentPrincipal agent, List<LeasedJob> leased) {
        for (LeasedJob job : leased) {
            jobs.release(job.jobId(), agent.agentId(), job.attempt());
        }
    }

    /**
     * Hands the agent up to {@code max} of its asset's jobs; a job whose lease ran out is
     * handed out again. Install jobs that must run within the maintenance window are
     * refused outside it.
     */
    @Transactional
    public Lease lease(AgentPrincipal agent, int max) {
        if (max < 1 || max > settings.maxJobsPerPoll()) {
            throw new InvalidInputException("max", "max is between 1 and " + settings.maxJobsPerPoll());
        }
        if (agent.assetId() == null) {
            return new Lease(List.of(), List.of());
        }
        OffsetDateTime now = now();
        List<AgentJobRepository.Candidate> candidates = jobs.candidatesForUpdate(agent.assetId(), now, max);
        if (candidates.isEmpty()) {
            return new Lease(List.of(), List.of());
        }
        // The window is looked up only when an install waits for it, not on every poll.
        Optional<WindowGuard.Refusal> refusal = candidates.stream().anyMatch(AgentJobRepository.Candidate::withinWindow)
                ? windowGuard.refusal(agent.assetId(), now.toInstant()) : Optional.empty();
        List<Deferred> deferred = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (AgentJobRepository.Candidate candidate : candidates) {
            if (candidate.withinWindow() && refusal.isPresent()) {
                deferred.add(new Deferred(candidate.id(), candidate.type(),
                        new ChangeId(candidate.changeId()).toString(), refusal.get().reason(),
                        refusal.get().notBefore() == null ? null : refusal.get().notBefore().atOffset(ZoneOffset.UTC)));
            }
            else {
                ids.add(candidate.id());
            }
        }
        if (ids.isEmpty()) {
            return new Lease(List.of(), deferred);
        }
        OffsetDateTime until = now.plus(settings.lease());
        jobs.lease(ids, agent.agentId(), until);
        // The window each job may run in, signed into its token: an install that must
        // keep to the maintenance window until the opening ends (or a hard blackout
        // starts), anything else for the job timeout.
        OffsetDateTime anyTime = now.plus(settings.jobTimeout());
        Optional<java.time.Instant> windowEnd = candidates.stream().anyMatch(AgentJobRepository.Candidate::withinWindow)
                ? Optional.of(windowGuard.openUntil(agent.assetId(), now.toInstant(), settings.jobTimeout()))
                : Optional.empty();
        List<LeasedJob> leased = jobs.leased(ids).stream().map(job -> {
            String change = new ChangeId(job.changeId()).toString();
            OffsetDateTime notAfter = job.withinWindow() && windowEnd.isPresent()
                    ? windowEnd.get().atOffset(ZoneOffset.UTC) : anyTime;
            return new LeasedJob(job.id(), job.type(), change, job.attempt(), job.leaseExpiresAt(), job.payload(),
                    signer.sign(job.id(), agent.agentId(), change, job.type(), job.attempt(), now.toInstant(),
                            notAfter.toInstant(), job.payload()),
                    now, notAfter);
        }).toList();
        return new Lease(leased, deferred);
    }

    /**
     * Applies an agent's result once. Unknown job: 404. Another asset's job: 403. A job
     * that has already finished (a duplicate, or an answer after the timeout): 409, and
     * nothing changes but the audit entry that records the ignored answer (hence no
     * rollback for the conflict).
     */
    @Transactional(noRollbackFor = ConflictException.class)
    public JobResult report(AgentPrincipal agent, String jobId, boolean succeeded, String detail) {
        return report(agent, jobId, succeeded, detail, null, null);
    }

    /**
     * Applies an agent's result once, with its evidence (JSON: the snapshot taken, the
     * versions replaced, the health checks). The same result sent again (the answer to
     * the first was lost) gets the same answer without applying anything twice; a
     * different one gets 409.
     */
    @Transactional(noRollbackFor = ConflictException.class)
    public JobResult report(AgentPrincipal agent, String jobId, boolean succeeded, String detail, Integer attempt,
            String evidence) {
        if (detail != null && detail.length() > 2000) {
            throw new InvalidInputException("detail", "detail is at most 2000 characters");
        }
        if (evidence != null && evidence.length() > 65536) {
            throw new InvalidInputException("evidence", "evidence is at most 64 KB of JSON");
        }
        AgentJobRepository.Job job = jobs.forUpdate(jobId)
            .orElseThrow(() -> new NotFoundException("no agent job " + jobId));
        if (agent.assetId() == null || job.assetId() != agent.assetId()) {
            throw new ForbiddenException("agent job " + jobId + " belongs to another asset");
        }
        if (job.attempt() == 0) {
            throw new ConflictException("agent job " + jobId + " was never handed out; a result needs a lease");
        }
        if (attempt != null && (attempt < 1 || attempt > job.attempt())) {
            throw new InvalidInputException("attempt", "agent job " + jobId + " was leased " + job.attempt()
                    + " time(s); attempt " + attempt + " was never handed out");
        }
        String outcome = succeeded ? "SUCCEEDED" : "FAILED";
        if (job.status().equals(outcome) && job.resultAttempt() != null) {
            // A repeat of the result already applied: same answer, nothing applied twice.
            return new JobResult(jobId, outcome, false, "this result was already recorded");
        }
        if (!OPEN.contains(job.status())) {
            log.info("ignored result for agent job {} from agent {}: the job already finished as {}", jobId,
                    agent.agentId(), job.status());
            audit.record(agent.customerId(), job.changeId(), "agent:" + agent.agentId(), "AGENT_RESULT_IGNORED",
                    "job " + jobId + " (" + job.type() + ") already " + job.status() + "; reported "
                            + (succeeded ? "SUCCEEDED" : "FAILED"));
            throw new ConflictException(
                    "agent job " + jobId + " already finished as " + job.status() + "; this result was ignored");
        }
        String status = outcome;
        jobs.finish(jobId, status, now(), detail, attempt == null ? job.attempt() : attempt, evidence);
        boolean complete = jobs.countDown(job.batchId(), succeeded) == 0;
        if (complete) {
            jobs.finishBatch(job.batchId(), now());
        }
        events.publishEvent(new AgentJobFinished(new ChangeId(job.changeId()), job.assetId(),
                DeploymentPhase.valueOf(job.type()), succeeded, detail, complete));
        return new JobResult(jobId, status, true, "result applied");
    }

    /**
     * What an agent says it is doing; also extends its lease, so a long install is not
     * handed out again.
     */
    public record Progress(String jobId, String state, OffsetDateTime leaseExpiresAt) {
    }

    static final java.util.Set<String> PROGRESS_STATES = java.util.Set.of("BACKING_UP", "INSTALLING", "REBOOTING",
            "VERIFYING", "ROLLING_BACK");

    @Transactional
    public Progress progress(AgentPrincipal agent, String jobId, String state, String detail) {
        if (state == null || !PROGRESS_STATES.contains(state)) {
            throw new InvalidInputException("state", "state is one of " + new java.util.TreeSet<>(PROGRESS_STATES));
        }
        if (detail != null && detail.length() > 500) {
            throw new InvalidInputException("detail", "detail is at most 500 characters");
        }
        AgentJobRepository.Progressing job = jobs.progressingForUpdate(jobId)
            .orElseThrow(() -> new NotFoundException("no agent job " + jobId));
        if (agent.assetId() == null || job.assetId() != agent.assetId()) {
            throw new ForbiddenException("agent job " + jobId + " belongs to another asset");
        }
        if (!"LEASED".equals(job.status())) {
            throw new ConflictException("agent job " + jobId + " is " + job.status() + ", not in progress");
        }
        OffsetDateTime now = now();
        OffsetDateTime until = now.plus(settings.lease());
        jobs.progress(jobId, state, now, until);
        events.publishEvent(new AgentJobProgress(new ChangeId(job.changeId()), job.assetId(), state, detail));
        return new Progress(jobId, state, until);
    }

    /** The change's finished agent jobs, per asset in the order they finished. */
    @Transactional(readOnly = true)
    public List<FinishedJob> results(ChangeId change) {
        return jobs.results(change);
    }

    /**
     * Marks the batch's unfinished jobs timed out; returns their asset ids. Late answers
     * are then refused.
     */
    @Transactional
    public List<Long> expireOpen(ChangeId change, DeploymentPhase phase) {
        return jobs.openBatchForUpdate(change, phase).map(batch -> jobs.expire(batch, now())).orElse(List.of());
    }

    /** Withdraws every unfinished job of the change (it was cancelled). */
    @Transactional
    public int cancelOpen(ChangeId change) {
        return jobs.cancelOpen(change, now());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

}
