package io.patchflow.modeling;

import java.util.List;

/**
 * The server's authoritative check of a model before it may be reviewed or published
 * (implemented next to the engine, in {@code process}): safe XML within the size and
 * nesting limits, the sandbox's rules (no scripts, no Java classes, no connectors,
 * expressions only on the allow-list), the engine's own parse, modelling rules in the
 * style of bpmnlint, history time to live, references that resolve and four-eyes kept on
 * every approval task. Nothing is deployed and nothing is written.
 */
public interface ModelValidator {

    /**
     * Every finding for these files. References ({@code formRef}, {@code decisionRef},
     * called processes) resolve against these files and the models that are live.
     * @param files the files as they would be published; names are file names without a
     * folder
     * @return empty if the files may be published
     */
    List<ModelFinding> validate(List<ModelFile> files);

}
