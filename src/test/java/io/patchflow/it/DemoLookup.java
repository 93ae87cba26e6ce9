package io.patchflow.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.testsupport.ApiClient;

/** Finds demo assets and patches the way an API user would: by listing them. */
final class DemoLookup {

    private DemoLookup() {
    }

    static long asset(ApiClient api, String user, String customer, String hostname) {
        for (JsonNode asset : api.get(user, "/api/customers/" + customer + "/assets?size=200").json().path("items")) {
            if (asset.path("hostname").asText().equals(hostname)) {
                return asset.path("id").asLong();
            }
        }
        throw new AssertionError("no demo asset " + hostname);
    }

    static long patch(ApiClient api, String user, String vendorIdPrefix) {
        for (JsonNode patch : api.get(user, "/api/patches?size=200").json().path("items")) {
            if (patch.path("vendorId").asText().startsWith(vendorIdPrefix)) {
                return patch.path("id").asLong();
            }
        }
        throw new AssertionError("no demo patch " + vendorIdPrefix);
    }

    static List<String> taskIds(ApiClient api, String user, String changeId, String taskKey) {
        List<String> ids = new ArrayList<>();
        for (JsonNode task : api.get(user, "/api/tasks?size=200").json().path("items")) {
            if (task.path("changeId").asText().equals(changeId)
                    && task.path("taskDefinitionKey").asText().equals(taskKey)) {
                ids.add(task.path("id").asText());
            }
        }
        return ids;
    }

}
