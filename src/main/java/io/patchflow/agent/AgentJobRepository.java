package io.patchflow.agent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.patchflow.change.ChangeId;

/** Agent jobs and their batches: {@code agent_job} and {@code job_batch}. */
@Repository
class AgentJobRepository {

    private static final int INSERT_BATCH = 500;
    static final List<String> OPEN = List.of("QUEUED", "LEASED");

    private final JdbcClient jdbc;

    private final JdbcTemplate template;

    AgentJobRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    record Candidate(String id, String type, long changeId, boolean withinWindow) {
    }

    record Leased(String id, String type, long changeId, int attempt, OffsetDateTime leaseExpiresAt, String payload,
            boolean withinWindow) {
    }

    record Job(long batchId, long changeId, long assetId, String type, String status, int attempt,
            Integer resultAttempt) {
    }

    record Progressing(long changeId, long assetId, String status) {
    }

    /**
     * One batch and one queued job per asset; returns the batch's id. A batch without
     * assets is finished at once.
     */
    long insertBatch(ChangeId change, DeploymentPhase phase, Integer wave, List<Long> assetIds, String payload,
            boolean withinWindow, OffsetDateTime now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                "INSERT INTO job_batch(change_id, phase, wave_no, total, open_jobs, status, created_at) VALUES (?,?,?,?,?,?,?)")
            .params(change.value(), phase.name(), wave, assetIds.size(), assetIds.size(),
                    assetIds.isEmpty() ? "FINISHED" : "OPEN", now)
            .update(keys, "id");
        long batchId = keys.getKey().longValue();
        List<Object[]> rows = new ArrayList<>(assetIds.size());
        for (Long assetId : assetIds) {
            rows.add(new Object[] { UUID.randomUUID().toString(), batchId, change.value(), assetId, phase.name(),
                    "QUEUED", payload, now, withinWindow });
        }
        for (int from = 0; from < rows.size(); from += INSERT_BATCH) {
            template.batchUpdate(
                    "INSERT INTO agent_job(id, batch_id, change_id, asset_id, job_type, status, payload, created_at, "
                            + "within_window) VALUES (?,?,?,?,?,?,?,?,?)",
                    rows.subList(from, Math.min(rows.size(), from + INSERT_BATCH)));
        }
        return batchId;
    }

    /** Queues a leased job again as if never leased, if it is still that lease. */
    void release(String jobId, String agentId, int attempt) {
        jdbc.sql(
                "UPDATE agent_job SET status = 'QUEUED', leased_by = NULL, lease_expires_at = NULL, attempt = attempt - 1 "
                        + "WHERE id = ? AND status = 'LEASED' AND leased_by = ? AND attempt = ?")
            .params(jobId, agentId, attempt)
            .update();
    }

    /**
     * Up to {@code max} of the asset's jobs a poll may take, locked: queued, or leased
     * with the lease run out.
     */
    List<Candidate> candidatesForUpdate(long assetId, OffsetDateTime now, int max) {
        return jdbc.sql("SELECT id, job_type, change_id, within_window FROM agent_job WHERE asset_id = ? "
                + "AND (status = 'QUEUED' OR (status = 'LEASED' AND lease_expires_at < ?)) "
                // jobs that never wait for a window first, so held-back installs cannot
                // crowd out a rollback
                + "ORDER BY within_window, created_at, id " + "FETCH FIRST " + max + " ROWS ONLY FOR UPDATE")
            .params(assetId, now)
            .query((rs, n) -> new Candidate(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4)))
            .list();
    }

    void lease(Collection<String> jobIds, String agentId, OffsetDateTime until) {
        jdbc.sql(
                "UPDATE agent_job SET status = 'LEASED', leased_by = :agent, lease_expires_at = :until, attempt = attempt + 1 "
                        + "WHERE id IN (:ids)")
            .param("agent", agentId)
            .param("until", until)
            .param("ids", jobIds)
            .update();
    }

    List<Leased> leased(Collection<String> jobIds) {
        return jdbc
            .sql("SELECT j.id, j.job_type, j.change_id, j.attempt, j.lease_expires_at, j.payload, j.within_window "
                    + "FROM agent_job j WHERE j.id IN (:ids) ORDER BY j.created_at, j.id")
            .param("ids", jobIds)
            .query((rs, n) -> new Leased(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
                    rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getBoolean(7)))
            .list();
    }

    Optional<Job> forUpdate(String jobId) {
        return jdbc
            .sql("SELECT batch_id, change_id, asset_id, job_type, status, attempt, result_attempt FROM agent_job "
                    + "WHERE id = ? FOR UPDATE")
            .param(jobId)
            .query((rs, n) -> new Job(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                    rs.getInt(6), (Integer) rs.getObject(7, Integer.class)))
            .optional();
    }

    void finish(String jobId, String status, OffsetDateTime now, String detail, int attempt, String evidence) {
        jdbc.sql(
                "UPDATE agent_job SET status = ?, finished_at = ?, result_detail = ?, result_attempt = ?, result_evidence = ? WHERE id = ?")
            .params(status, now, detail, attempt, evidence, jobId)
            .update();
    }

    /**
     * Counts the batch down by one result; returns the jobs still open. The batch row is
     * the countdown: its row lock makes exactly one result see zero.
     */
    int countDown(long batchId, boolean succeeded) {
        jdbc.sql(
                "UPDATE job_batch SET open_jobs = open_jobs - 1, succeeded = succeeded + ?, failed = failed + ? WHERE id = ?")
            .params(succeeded ? 1 : 0, succeeded ? 0 : 1, batchId)
            .update();
        return jdbc.sql("SELECT open_jobs FROM job_batch WHERE id = ?").param(batchId).query(Integer.class).single();
    }

    void finishBatch(long batchId, OffsetDateTime now) {
        jdbc.sql("UPDATE job_batch SET status = 'FINISHED', closed_at = ? WHERE id = ?").params(now, batchId).update();
    }

    Optional<Progressing> progressingForUpdate(String jobId) {
        return jdbc.sql("SELECT change_id, asset_id, status FROM agent_job WHERE id = ? FOR UPDATE")
            .param(jobId)
            .query((rs, n) -> new Progressing(rs.getLong(1), rs.getLong(2), rs.getString(3)))
            .optional();
    }

    void progress(String jobId, String state, OffsetDateTime now, OffsetDateTime leaseUntil) {
        jdbc.sql("UPDATE agent_job SET progress_state = ?, progress_at = ?, lease_expires_at = ? WHERE id = ?")
            .params(state, now, leaseUntil, jobId)
            .update();
    }

    /** The change's latest open batch of the phase, locked. */
    Optional<Long> openBatchForUpdate(ChangeId change, DeploymentPhase phase) {
        return jdbc
            .sql("SELECT id FROM job_batch WHERE change_id = ? AND phase = ? AND status = 'OPEN' "
                    + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY FOR UPDATE")
            .params(change.value(), phase.name())
            .query(Long.class)
            .optional();
    }

    /** Times out the batch's open jobs; returns their asset ids. */
    List<Long> expire(long batchId, OffsetDateTime now) {
        List<Long> assets = jdbc
            .sql("SELECT asset_id FROM agent_job WHERE batch_id = :batch AND status IN (:open) FOR UPDATE")
            .param("batch", batchId)
            .param("open", OPEN)
            .query(Long.class)
            .list();
        jdbc.sql(
                "UPDATE agent_job SET status = 'TIMED_OUT', finished_at = :now WHERE batch_id = :batch AND status IN (:open)")
            .param("now", now)
            .param("batch", batchId)
            .param("open", OPEN)
            .update();
        jdbc.sql(
                "UPDATE job_batch SET open_jobs = 0, failed = failed + ?, status = 'EXPIRED', closed_at = ? WHERE id = ?")
            .params(assets.size(), now, batchId)
            .update();
        return assets;
    }

    /** Withdraws the change's open jobs and batches; returns how many jobs were open. */
    int cancelOpen(ChangeId change, OffsetDateTime now) {
        int jobs = jdbc.sql(
                "UPDATE agent_job SET status = 'CANCELLED', finished_at = :now WHERE change_id = :change AND status IN (:open)")
            .param("now", now)
            .param("change", change.value())
            .param("open", OPEN)
            .update();
        jdbc.sql("UPDATE job_batch SET status = 'CANCELLED', closed_at = ? WHERE change_id = ? AND status = 'OPEN'")
            .params(now, change.value())
            .update();
        return jobs;
    }

    /**
     * Which of these assets have a job that a poll would hand out (queued, or leased with
     * the lease run out).
     */
    List<Long> readyAssets(List<Long> assetIds, OffsetDateTime now) {
        return jdbc
            .sql("SELECT DISTINCT asset_id FROM agent_job WHERE asset_id IN (:ids) "
                    + "AND (status = 'QUEUED' OR (status = 'LEASED' AND lease_expires_at < :now))")
            .param("ids", assetIds)
            .param("now", now)
            .query(Long.class)
            .list();
    }

    /** The change's finished jobs, per asset in the order they finished. */
    List<FinishedJob> results(ChangeId change) {
        return jdbc
            .sql("SELECT asset_id, job_type, status, finished_at, result_detail FROM agent_job "
                    + "WHERE change_id = ? AND finished_at IS NOT NULL ORDER BY asset_id, finished_at, id")
            .param(change.value())
            .query((rs, n) -> new FinishedJob(rs.getLong(1), DeploymentPhase.valueOf(rs.getString(2)), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class), rs.getString(5)))
            .list();
    }

}
