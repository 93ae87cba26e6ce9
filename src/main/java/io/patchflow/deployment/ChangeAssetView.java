package io.patchflow.deployment;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One row of a change page's asset table: the asset, its ring, criticality and exposure
 * (what an approver weighs), and its state in the change; {@code simulated} says a
 * simulated agent answers for it; {@code evidence} is what its agent last reported with a
 * result (a restic snapshot, the versions replaced, the health checks), as JSON.
 */
public record ChangeAssetView(long assetId, String hostname, int ring, String criticality, String exposure,
        Integer wave, AssetState state, String detail, OffsetDateTime updatedAt, boolean simulated,
        @JsonRawValue String evidence) {

    /**
     * The backup snapshot the agent verified for this change, for the page: "38b937d0
     * (1,204 bytes)".
     */
    public String snapshot() {
        if (evidence == null || !evidence.contains("\"snapshotId\"")) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(evidence);
            String id = e.path("snapshotId").asText();
            return (id.length() > 8 ? id.substring(0, 8) : id) + " (" + String.format("%,d", e.path("bytes").asLong())
                    + " bytes)";
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return null;
        }
    }
}
