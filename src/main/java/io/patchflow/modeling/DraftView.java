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
     * One file of the draft, compared with what its publication replaces while the draft
     * is open (the live version), and with the version it copied once the draft is
     * published or withdrawn, so that its page still says what it changed.
     *
     * @param liveDeploymentId the deployment that holds the live version, null if the
     * file is not deployed
     * @param added whether the draft brings the file: there was no version of it to
     * compare with
     * @param changed whether it differs from the version it is compared with (an added
     * file always does)
     * @param stale whether the file was published again since this open draft copied it,
     * so that publishing the draft would undo that publication
     */
    public record FileView(String name, ModelFile.Kind kind, int size, String sha256, String baseDeploymentId,
            String liveDeploymentId, boolean added, boolean changed, boolean stale) {

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
