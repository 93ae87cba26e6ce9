package io.patchflow.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.agent.DeploymentPhase;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchSetPolicy;

/**
 * What an agent job of a phase carries: the patches in install order, and the backup or
 * the health checks.
 */
@Component
class JobPayloads {

    private final ChangeLifecycle lifecycle;

    private final PatchCatalog patches;

    private final ObjectMapper json;

    JobPayloads(ChangeLifecycle lifecycle, PatchCatalog patches, ObjectMapper json) {
        this.lifecycle = lifecycle;
        this.patches = patches;
        this.json = json;
    }

    String of(ChangeId id, DeploymentPhase phase) {
        List<Long> ids = lifecycle.patchIds(id);
        // In install order: a patch after the ones it requires (the change was checked
        // for this at submission).
        List<Patch> list = PatchSetPolicy.installOrder(patches.find(ids), patches.relationsOf(ids));
        List<Map<String, Object>> items = list.stream()
            .map(p -> Map.<String, Object>of("vendorId", p.vendorId(), "package", p.packageName(), "version",
                    p.version(), "rebootRequired", p.rebootRequired()))
            .toList();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("change", id.toString());
        payload.put("phase", phase.name());
        payload.put("patches", items);
        if (phase == DeploymentPhase.BACKUP) {
            // A fresh snapshot before the change, checked with restic check
            // (docs/agent.md).
            payload.put("backup", Map.of("mode", "SNAPSHOT"));
        }
        else {
            payload.put("healthChecks", lifecycle.healthChecks(id));
        }
        try {
            return json.writeValueAsString(payload);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
