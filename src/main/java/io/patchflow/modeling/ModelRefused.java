package io.patchflow.modeling;

import java.util.List;
import java.util.stream.Collectors;

import io.patchflow.shared.InvalidInputException;

/**
 * Validation found something: the model cannot go on to review or publication as it is.
 * Nothing was changed. The message lists every finding, since some tools (Camunda
 * Modeler) show only the message.
 */
public class ModelRefused extends InvalidInputException {

    private final transient List<ModelFinding> findings;

    public ModelRefused(String what, List<ModelFinding> findings) {
        super("files", what + ": " + findings.size() + (findings.size() == 1 ? " finding" : " findings") + ": "
                + findings.stream().map(ModelFinding::message).collect(Collectors.joining("; ")), findings);
        this.findings = List.copyOf(findings);
    }

    public List<ModelFinding> findings() {
        return findings;
    }

}
