package io.patchflow.modeling;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A draft as its pages and the API show it, with what the person looking may do next.
 */
public record DraftView(long id, String title, DraftState state, String origin, int revision, String createdBy,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, List<FileView> files, List<RevisionView> revisions,
        List<ReviewView> reviews, List<ModelFinding> findings, Actions actions) {

    /**
     * @param changed whether it differs from the live version of the file (a new file
     * always does)
     * @param liveDeploymentId the deployment that holds the live version, null for a new
     * file
     */
    public record FileView(String name, ModelFile.Kind kind, int size, String sha256, String baseDeploymentId,
            String liveDeploymentId, boolean changed) {

        public boolean stale() {
            return baseDeploymentId != null && !baseDeploymentId.equals(liveDeploymentId);
        }

    }

    public record RevisionView(int revision, String savedBy, OffsetDateTime savedAt, String origin, Integer findings) {
    }

    public record ReviewView(int revision, String reviewer, String decision, String comment, OffsetDateTime decidedAt) {
    }

    /** What the person looking may do, and why not where the page should say so. */
    public record Actions(boolean edit, boolean submit, boolean review, String whyNotReview, boolean publish,
            boolean withdraw) {
    }

}
