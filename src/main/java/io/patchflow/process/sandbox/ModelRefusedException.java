package io.patchflow.process.sandbox;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.impl.bpmn.parser.ResourceReportImpl;

/**
 * A deployment refused by {@link ModelPolicy}. A {@link ParseException}, so the engine
 * REST API answers it with 400 and lists every finding per file, with its element and
 * line, as it does for a model that does not parse.
 */
public class ModelRefusedException extends ParseException {

    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public ModelRefusedException(List<Finding> findings) {
        super(summary(findings), findings.get(0).resource(), problems(findings, findings.get(0).resource()), List.of());
        this.findings = List.copyOf(findings);
        Map<String, List<Finding>> byResource = findings.stream()
            .collect(Collectors.groupingBy(Finding::resource, java.util.LinkedHashMap::new, Collectors.toList()));
        byResource.keySet()
            .stream()
            .skip(1)
            .forEach(resource -> resorceReports
                .add(new ResourceReportImpl(resource, problems(findings, resource), List.of())));
    }

    public List<Finding> findings() {
        return findings;
    }

    private static String summary(List<Finding> findings) {
        return "Patchflow refused the deployment: "
                + findings.stream().map(Finding::message).collect(Collectors.joining("; "));
    }

    private static List<Problem> problems(List<Finding> findings, String resource) {
        return findings.stream()
            .filter(f -> f.resource().equals(resource))
            .map(ModelRefusedException::problem)
            .toList();
    }

    private static Problem problem(Finding finding) {
        return new Problem() {
            @Override
            public String getMessage() {
                return finding.rule();
            }

            @Override
            public int getLine() {
                return finding.line();
            }

            @Override
            public int getColumn() {
                return 0;
            }

            @Override
            public String getMainElementId() {
                return finding.elementId();
            }

            @Override
            public List<String> getElementIds() {
                return finding.elementId() == null ? List.of() : List.of(finding.elementId());
            }
        };
    }

}
