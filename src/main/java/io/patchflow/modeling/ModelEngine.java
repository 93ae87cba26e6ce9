package io.patchflow.modeling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The engine's model repository and its running instances, as the analysts' workspace
 * needs them (implemented in {@code process}). Model files are named by their file name;
 * a version of a file is a deployment that carries it.
 */
public interface ModelEngine {

    /** Every deployed version of every model file, newest first. */
    List<ModelVersion> versions();

    /** The file as this deployment holds it. */
    Optional<ModelFile> file(String deploymentId, String fileName);

    /** The newest deployed version of each model file. */
    List<ModelFile> liveFiles();

    /**
     * Deploys these files as new versions of their models, in the caller's transaction.
     * Running process instances stay on the version they started on.
     * @param label names the publication in the engine's deployment list
     */
    Published publish(List<ModelFile> files, String label);

    /** Running instances of a process on versions other than the newest. */
    List<RunningInstance> runningOnOlderVersions(String processKey);

    /**
     * Which of these instances of one process can move to the newest version, and why the
     * others cannot. Nothing changes.
     */
    List<MigrationCheck> checkMigration(String processKey, List<String> instanceIds);

    /**
     * Moves these instances to the newest version of their process, all or none.
     * @throws io.patchflow.shared.ConflictException if one of them cannot move
     */
    void migrate(String processKey, List<String> instanceIds);

    /**
     * One deployed version of one model file.
     *
     * @param definitionKey the process, decision requirements or form id inside the file
     * @param version the engine's version number of that definition (forms: of the
     * deployment's order)
     */
    record ModelVersion(String deploymentId, String fileName, String definitionKey, int version, String deploymentName,
            Instant deployedAt) {
    }

    record Published(String deploymentId, List<ModelVersion> versions) {
    }

    /**
     * @param changeRef the business key: the change the instance runs for
     */
    record RunningInstance(String instanceId, String changeRef, int version, List<String> activeActivities) {
    }

    record MigrationCheck(String instanceId, String changeRef, int fromVersion, int toVersion, boolean canMove,
            List<String> reasons) {
    }

}
