package io.patchflow.modeling;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Drafts, their revisions and files, reviews, publications and migrations. */
@Repository
class ModelRepository {

    record DraftRow(long id, String title, String state, String origin, int revision, String createdBy,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    record RevisionRow(long draftId, int revision, String savedBy, OffsetDateTime savedAt, String origin,
            Integer findings, String findingsJson) {
    }

    record FileRow(String fileName, byte[] content, String sha256, String baseDeploymentId) {
    }

    record ReviewRow(long id, long draftId, int revision, String reviewer, String decision, String comment,
            OffsetDateTime decidedAt) {
    }

    record PublicationRow(long id, String kind, Long draftId, Integer revision, String deploymentId, String files,
            String rolledBackTo, String publishedBy, OffsetDateTime publishedAt) {
    }

    record MigrationRow(long id, String processKey, String instanceIds, int moved, String requestedBy,
            OffsetDateTime executedAt) {
    }

    private static final String DRAFT = "SELECT id, title, state, origin, revision, created_by, created_at, updated_at "
            + "FROM model_draft ";

    private final JdbcClient jdbc;

    ModelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long createDraft(String title, String origin, String by, OffsetDateTime at) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO model_draft (title, state, origin, revision, created_by, created_at, updated_at) "
                + "VALUES (?, 'DRAFT', ?, 0, ?, ?, ?)")
            .params(title, origin, by, at, at)
            .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    Optional<DraftRow> draft(long id) {
        return jdbc.sql(DRAFT + "WHERE id = ?").param(id).query(DraftRow.class).optional();
    }

    /** The draft, locked against a concurrent save, review or publication. */
    Optional<DraftRow> draftForUpdate(long id) {
        return jdbc.sql(DRAFT + "WHERE id = ? FOR UPDATE").param(id).query(DraftRow.class).optional();
    }

    List<DraftRow> drafts(List<String> states, int limit) {
        return jdbc
            .sql(DRAFT + "WHERE state IN (:states) ORDER BY updated_at DESC, id DESC FETCH FIRST :limit ROWS ONLY")
            .param("states", states)
            .param("limit", limit)
            .query(DraftRow.class)
            .list();
    }

    Optional<DraftRow> openDraftTitled(String title, String by) {
        return jdbc
            .sql(DRAFT
                    + "WHERE title = ? AND created_by = ? AND state IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED') "
                    + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
            .params(title, by)
            .query(DraftRow.class)
            .optional();
    }

    void setState(long id, String state, OffsetDateTime at) {
        jdbc.sql("UPDATE model_draft SET state = ?, updated_at = ? WHERE id = ?").params(state, at, id).update();
    }

    void addRevision(long draftId, int revision, String by, OffsetDateTime at, String origin, List<FileRow> files,
            int findings, String findingsJson, String state) {
        jdbc.sql("INSERT INTO model_draft_revision (draft_id, revision, saved_by, saved_at, origin, findings, "
                + "findings_json) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .params(draftId, revision, by, at, origin, findings, findingsJson)
            .update();
        for (FileRow file : files) {
            jdbc.sql(
                    "INSERT INTO model_draft_file (draft_id, revision, file_name, content, sha256, base_deployment_id) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(draftId, revision, file.fileName(), file.content(), file.sha256(), file.baseDeploymentId())
                .update();
        }
        jdbc.sql("UPDATE model_draft SET revision = ?, state = ?, updated_at = ? WHERE id = ?")
            .params(revision, state, at, draftId)
            .update();
    }

    void recordFindings(long draftId, int revision, int findings, String findingsJson) {
        jdbc.sql("UPDATE model_draft_revision SET findings = ?, findings_json = ? WHERE draft_id = ? AND revision = ?")
            .params(findings, findingsJson, draftId, revision)
            .update();
    }

    List<RevisionRow> revisions(long draftId) {
        return jdbc
            .sql("SELECT draft_id, revision, saved_by, saved_at, origin, findings, findings_json "
                    + "FROM model_draft_revision WHERE draft_id = ? ORDER BY revision DESC")
            .param(draftId)
            .query(RevisionRow.class)
            .list();
    }

    List<FileRow> files(long draftId, int revision) {
        return jdbc
            .sql("SELECT file_name, content, sha256, base_deployment_id FROM model_draft_file "
                    + "WHERE draft_id = ? AND revision = ? ORDER BY file_name")
            .params(draftId, revision)
            .query((rs, n) -> new FileRow(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getString(4)))
            .list();
    }

    void addReview(long draftId, int revision, String reviewer, String decision, String comment, OffsetDateTime at) {
        jdbc.sql("INSERT INTO model_review (draft_id, revision, reviewer, decision, comment, decided_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)")
            .params(draftId, revision, reviewer, decision, comment, at)
            .update();
    }

    List<ReviewRow> reviews(long draftId) {
        return jdbc
            .sql("SELECT id, draft_id, revision, reviewer, decision, comment, decided_at FROM model_review "
                    + "WHERE draft_id = ? ORDER BY id DESC")
            .param(draftId)
            .query(ReviewRow.class)
            .list();
    }

    long addPublication(String kind, Long draftId, Integer revision, String deploymentId, String files,
            String rolledBackTo, String by, OffsetDateTime at) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO model_publication (kind, draft_id, revision, deployment_id, files, rolled_back_to, "
                + "published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .params(kind, draftId, revision, deploymentId, files, rolledBackTo, by, at)
            .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    List<PublicationRow> publications(int limit) {
        return jdbc
            .sql("SELECT id, kind, draft_id, revision, deployment_id, files, rolled_back_to, published_by, "
                    + "published_at FROM model_publication ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
            .param(limit)
            .query(PublicationRow.class)
            .list();
    }

    Optional<PublicationRow> publicationOf(String deploymentId) {
        return jdbc
            .sql("SELECT id, kind, draft_id, revision, deployment_id, files, rolled_back_to, published_by, "
                    + "published_at FROM model_publication WHERE deployment_id = ?")
            .param(deploymentId)
            .query(PublicationRow.class)
            .optional();
    }

    void addMigration(String processKey, String instanceIds, int moved, String by, OffsetDateTime at) {
        jdbc.sql("INSERT INTO model_migration (process_key, instance_ids, moved, requested_by, executed_at) "
                + "VALUES (?, ?, ?, ?, ?)")
            .params(processKey, instanceIds, moved, by, at)
            .update();
    }

    List<MigrationRow> migrations(String processKey, int limit) {
        return jdbc
            .sql("SELECT id, process_key, instance_ids, moved, requested_by, executed_at FROM model_migration "
                    + "WHERE process_key = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
            .params(processKey, limit)
            .query(MigrationRow.class)
            .list();
    }

}
