package io.patchflow.security;

import java.util.Arrays;
import java.util.Optional;

/** What a person may do. Each role is also a Camunda group with the same id. */
public enum Role {

    REQUESTER("requester", "Requester"), APPROVER("approver", "Change approver"),
    CHANGE_MANAGER("change-manager", "Change manager"), SERVICE_DESK("service-desk", "Service desk"),
    PROCESS_ANALYST("process-analyst", "Process analyst"), AUDITOR("auditor", "Auditor"),
    ADMIN("admin", "Administrator");

    private final String groupId;

    private final String label;

    Role(String groupId, String label) {
        this.groupId = groupId;
        this.label = label;
    }

    public String groupId() {
        return groupId;
    }

    public String label() {
        return label;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> ofGroupId(String groupId) {
        return Arrays.stream(values()).filter(r -> r.groupId.equals(groupId)).findFirst();
    }

}
