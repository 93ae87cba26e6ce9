package io.patchflow.deployment;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One row of a change page's asset table; {@code simulated} says a simulated agent
 * answers for it; {@code evidence} is what its agent last reported with a result (a
 * restic snapshot, the versions replaced, the health checks), as JSON.
 */
public record ChangeAssetView(long assetId, String hostname, int ring, Integer wave, AssetState state, String detail,
        OffsetDateTime updatedAt, boolean simulated, @JsonRawValue String evidence) {

    public ChangeAssetView(long assetId, String hostname, int ring, Integer wave, AssetState state, String detail,
            OffsetDateTime updatedAt, boolean simulated) {
        this(assetId, hostname, ring, wave, state, detail, updatedAt, simulated, null);
    }

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
