package io.patchflow.agent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.DeploymentPhase;
import io.patchflow.deployment.AgentJobFinished;
import io.patchflow.deployment.AgentJobs;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * Agent jobs in Patchflow's own tables: queued per batch, leased to the asset's agent, finished
 * exactly once. The first result for a job wins; duplicates and late answers change nothing.
 */
@Service
public class AgentJobService implements AgentJobs {

    private static final Logger log = LoggerFactory.getLogger(AgentJobService.class);
    private static final int INSERT_BATCH = 500;
    private static final List<String> OPEN = List.of("QUEUED", "LEASED");

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AgentSettings settings;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final WindowGuard windowGuard;
    private final JobSigner signer;

    AgentJobService(JdbcClient jdbc, JdbcTemplate template, AgentSettings settings, ApplicationEventPublisher events,
                    AuditTrail audit, WindowGuard windowGuard, JobSigner signer) {
        this.jdbc = jdbc;
        this.template = template;
        this.settings = settings;
        this.events = events;
        this.audit = audit;
        this.windowGuard = windowGuard;
        this.signer = signer;
    }

    @Override
    @Transactional
    public int dispatch(ChangeId change, DeploymentPhase phase, Integer wave, List<Long> assetIds, String payload,
                        boolean withinWindow) {
        OffsetDateTime now = now();
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO job_batch(change_id, phase, wave_no, total, open_jobs, status, created_at) VALUES (?,?,?,?,?,?,?)")
                .params(change.value(), phase.name(), wave, assetIds.size(), assetIds.size(),
                        assetIds.isEmpty() ? "FINISHED" : "OPEN", now)
                .update(keys, "id");
        long batchId = keys.getKey().longValue();
        List<Object[]> rows = new ArrayList<>(assetIds.size());
        for (Long assetId : assetIds) {
            rows.add(new Object[] {UUID.randomUUID().toString(), batchId, change.value(), assetId, phase.name(), "QUEUED",
                    payload, now, withinWindow});
        }
        for (int from = 0; from < rows.size(); from += INSERT_BATCH) {
            template.batchUpdate("INSERT INTO agent_job(id, batch_id, change_id, asset_id, job_type, status, payload, created_at, "
                    + "within_window) VALUES (?,?,?,?,?,?,?,?,?)", rows.subList(from, Math.min(rows.size(), from + INSERT_BATCH)));
        }
        return assetIds.size();
    }

    /** What a poll hands out, and which jobs wait for the asset's window (with when it opens). */
    public record Lease(List<LeasedJob> jobs, List<Deferred> deferred) {
    }

    public record Deferred(String jobId, String type, String changeId, String reason, OffsetDateTime notBefore) {
    }

    /**
     * Hands back jobs leased for a poll that could not be answered any more: they are queued again
     * as if never leased, so the next poll gets them instead of waiting for the lease to run out.
     */
    @Transactional
    public void release(AgentPrincipal agent, List<LeasedJob> leased) {
        for (LeasedJob job : leased) {
            jdbc.sql("UPDATE agent_job SET status = 'QUEUED', leased_by = NULL, lease_expires_at = NULL, attempt = attempt - 1 "
                            + "WHERE id = ? AND status = 'LEASED' AND leased_by = ? AND attempt = ?")
                    .params(job.jobId(), agent.agentId(), job.attempt()).update();
        }
    }

    /**
     * Hands the agent up to {@code max} of its asset's jobs; a job whose lease ran out is handed out
     * again. Install jobs that must run within the maintenance window are refused outside it.
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
        record Candidate(String id, String type, long changeId, boolean withinWindow) { }
        List<Candidate> candidates = jdbc.sql("SELECT id, job_type, change_id, within_window FROM agent_job WHERE asset_id = ? "
                        + "AND (status = 'QUEUED' OR (status = 'LEASED' AND lease_expires_at < ?)) "
                        // jobs that never wait for a window first, so held-back installs cannot crowd out a rollback
                        + "ORDER BY within_window, created_at, id "
                        + "FETCH FIRST " + max + " ROWS ONLY FOR UPDATE")
                .params(agent.assetId(), now)
                .query((rs, n) -> new Candidate(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4))).list();
        if (candidates.isEmpty()) {
            return new Lease(List.of(), List.of());
        }
        // The window is looked up only when an install waits for it, not on every poll.
        Optional<WindowGuard.Refusal> refusal = candidates.stream().anyMatch(Candidate::withinWindow)
                ? windowGuard.refusal(agent.assetId(), now.toInstant()) : Optional.empty();
        List<Deferred> deferred = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.withinWindow() && refusal.isPresent()) {
                deferred.add(new Deferred(candidate.id(), candidate.type(), new ChangeId(candidate.changeId()).toString(),
                        refusal.get().reason(), refusal.get().notBefore() == null ? null
                                : refusal.get().notBefore().atOffset(ZoneOffset.UTC)));
            } else {
                ids.add(candidate.id());
            }
        }
        if (ids.isEmpty()) {
            return new Lease(List.of(), deferred);
        }
        OffsetDateTime until = now.plus(settings.lease());
        jdbc.sql("UPDATE agent_job SET status = 'LEASED', leased_by = :agent, lease_expires_at = :until, attempt = attempt + 1 "
                        + "WHERE id IN (:ids)")
                .param("agent", agent.agentId()).param("until", until).param("ids", ids).update();
        // The window each job may run in, signed into its token: an install that must keep to the
        // maintenance window until the opening ends (or a hard blackout starts), anything else for the job timeout.
        OffsetDateTime anyTime = now.plus(settings.jobTimeout());
        Optional<java.time.Instant> windowEnd = candidates.stream().anyMatch(Candidate::withinWindow)
                ? Optional.of(windowGuard.openUntil(agent.assetId(), now.toInstant(), settings.jobTimeout())) : Optional.empty();
        List<LeasedJob> jobs = jdbc.sql("SELECT j.id, j.job_type, j.change_id, j.attempt, j.lease_expires_at, j.payload, j.within_window "
                        + "FROM agent_job j WHERE j.id IN (:ids) ORDER BY j.created_at, j.id")
                .param("ids", ids)
                .query((rs, n) -> {
                    String id = rs.getString(1);
                    String type = rs.getString(2);
                    String change = new ChangeId(rs.getLong(3)).toString();
                    int attempt = rs.getInt(4);
                    String payload = rs.getString(6);
                    OffsetDateTime notAfter = rs.getBoolean(7) && windowEnd.isPresent()
                            ? windowEnd.get().atOffset(ZoneOffset.UTC) : anyTime;
                    return new LeasedJob(id, type, change, attempt, rs.getObject(5, OffsetDateTime.class), payload,
                            signer.sign(id, agent.agentId(), change, type, attempt, now.toInstant(), notAfter.toInstant(), payload),
                            now, notAfter);
                })
                .list();
        return new Lease(jobs, deferred);
    }

    /**
     * Applies an agent's result once. Unknown job: 404. Another asset's job: 403. A job that has
     * already finished (a duplicate, or an answer after the timeout): 409, and nothing changes
     * but the audit entry that records the ignored answer (hence no rollback for the conflict).
     */
    @Transactional(noRollbackFor = ConflictException.class)
    public JobResult report(AgentPrincipal agent, String jobId, boolean succeeded, String detail) {
        return report(agent, jobId, succeeded, detail, null, null);
    }

    /**
     * Applies an agent's result once, with its evidence (JSON: the snapshot taken, the versions
     * replaced, the health checks). The same result sent again (the answer to the first was lost)
     * gets the same answer without applying anything twice; a different one gets 409.
     */
    @Transactional(noRollbackFor = ConflictException.class)
    public JobResult report(AgentPrincipal agent, String jobId, boolean succeeded, String detail, Integer attempt, String evidence) {
        if (detail != null && detail.length() > 2000) {
            throw new InvalidInputException("detail", "detail is at most 2000 characters");
        }
        if (evidence != null && evidence.length() > 65536) {
            throw new InvalidInputException("evidence", "evidence is at most 64 KB of JSON");
        }
        record Job(long batchId, long changeId, long assetId, String type, String status, int attempt, Integer resultAttempt) { }
        Job job = jdbc.sql("SELECT batch_id, change_id, asset_id, job_type, status, attempt, result_attempt FROM agent_job "
                        + "WHERE id = ? FOR UPDATE")
                .param(jobId)
                .query((rs, n) -> new Job(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                        (Integer) rs.getObject(7, Integer.class)))
                .optional()
                .orElseThrow(() -> new NotFoundException("no agent job " + jobId));
        if (agent.assetId() == null || job.assetId() != agent.assetId()) {
            throw new ForbiddenException("agent job " + jobId + " belongs to another asset");
        }
        if (job.attempt() == 0) {
            throw new ConflictException("agent job " + jobId + " was never handed out; a result needs a lease");
        }
        if (attempt != null && (attempt < 1 || attempt > job.attempt())) {
            throw new InvalidInputException("attempt", "agent job " + jobId + " was leased " + job.attempt() + " time(s); attempt "
                    + attempt + " was never handed out");
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
            throw new ConflictException("agent job " + jobId + " already finished as " + job.status()
                    + "; this result was ignored");
        }
        String status = outcome;
        jdbc.sql("UPDATE agent_job SET status = ?, finished_at = ?, result_detail = ?, result_attempt = ?, result_evidence = ? WHERE id = ?")
                .params(status, now(), detail, attempt == null ? job.attempt() : attempt, evidence, jobId).update();
        // The batch row is the countdown; its row lock makes exactly one result see zero.
        jdbc.sql("UPDATE job_batch SET open_jobs = open_jobs - 1, succeeded = succeeded + ?, failed = failed + ? WHERE id = ?")
                .params(succeeded ? 1 : 0, succeeded ? 0 : 1, job.batchId()).update();
        int open = jdbc.sql("SELECT open_jobs FROM job_batch WHERE id = ?").param(job.batchId()).query(Integer.class).single();
        boolean complete = open == 0;
        if (complete) {
            jdbc.sql("UPDATE job_batch SET status = 'FINISHED', closed_at = ? WHERE id = ?").params(now(), job.batchId()).update();
        }
        events.publishEvent(new AgentJobFinished(new ChangeId(job.changeId()), job.assetId(),
                DeploymentPhase.valueOf(job.type()), succeeded, detail, complete));
        return new JobResult(jobId, status, true, "result applied");
    }

    /** What an agent says it is doing; also extends its lease, so a long install is not handed out again. */
    public record Progress(String jobId, String state, OffsetDateTime leaseExpiresAt) {
    }

    static final java.util.Set<String> PROGRESS_STATES = java.util.Set.of("BACKING_UP", "INSTALLING", "REBOOTING", "VERIFYING",
            "ROLLING_BACK");

    @Transactional
    public Progress progress(AgentPrincipal agent, String jobId, String state, String detail) {
        if (state == null || !PROGRESS_STATES.contains(state)) {
            throw new InvalidInputException("state", "state is one of " + new java.util.TreeSet<>(PROGRESS_STATES));
        }
        if (detail != null && detail.length() > 500) {
            throw new InvalidInputException("detail", "detail is at most 500 characters");
        }
        record Job(long changeId, long assetId, String status) { }
        Job job = jdbc.sql("SELECT change_id, asset_id, status FROM agent_job WHERE id = ? FOR UPDATE").param(jobId)
                .query((rs, n) -> new Job(rs.getLong(1), rs.getLong(2), rs.getString(3))).optional()
                .orElseThrow(() -> new NotFoundException("no agent job " + jobId));
        if (agent.assetId() == null || job.assetId() != agent.assetId()) {
            throw new ForbiddenException("agent job " + jobId + " belongs to another asset");
        }
        if (!"LEASED".equals(job.status())) {
            throw new ConflictException("agent job " + jobId + " is " + job.status() + ", not in progress");
        }
        OffsetDateTime now = now();
        OffsetDateTime until = now.plus(settings.lease());
        jdbc.sql("UPDATE agent_job SET progress_state = ?, progress_at = ?, lease_expires_at = ? WHERE id = ?")
                .params(state, now, until, jobId).update();
        events.publishEvent(new io.patchflow.deployment.AgentJobProgress(new ChangeId(job.changeId()), job.assetId(), state, detail));
        return new Progress(jobId, state, until);
    }

    @Override
    @Transactional
    public List<Long> expireOpen(ChangeId change, DeploymentPhase phase) {
        Optional<Long> batch = jdbc.sql("SELECT id FROM job_batch WHERE change_id = ? AND phase = ? AND status = 'OPEN' "
                        + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY FOR UPDATE")
                .params(change.value(), phase.name()).query(Long.class).optional();
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Long> assets = jdbc.sql("SELECT asset_id FROM agent_job WHERE batch_id = :batch AND status IN (:open) FOR UPDATE")
                .param("batch", batch.get()).param("open", OPEN).query(Long.class).list();
        OffsetDateTime now = now();
        jdbc.sql("UPDATE agent_job SET status = 'TIMED_OUT', finished_at = :now WHERE batch_id = :batch AND status IN (:open)")
                .param("now", now).param("batch", batch.get()).param("open", OPEN).update();
        jdbc.sql("UPDATE job_batch SET open_jobs = 0, failed = failed + ?, status = 'EXPIRED', closed_at = ? WHERE id = ?")
                .params(assets.size(), now, batch.get()).update();
        return assets;
    }

    @Override
    @Transactional
    public int cancelOpen(ChangeId change) {
        OffsetDateTime now = now();
        int jobs = jdbc.sql("UPDATE agent_job SET status = 'CANCELLED', finished_at = :now WHERE change_id = :change AND status IN (:open)")
                .param("now", now).param("change", change.value()).param("open", OPEN).update();
        jdbc.sql("UPDATE job_batch SET status = 'CANCELLED', closed_at = ? WHERE change_id = ? AND status = 'OPEN'")
                .params(now, change.value()).update();
        return jobs;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
