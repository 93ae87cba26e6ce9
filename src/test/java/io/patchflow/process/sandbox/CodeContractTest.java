package io.patchflow.process.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.process.model.PatchChange;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * The validation's picture of the code and of the shipped process is the code and the
 * shipped process: what the rules demand of an analyst's version is read here from the
 * sources and bpmn/, so neither can drift from the rules unnoticed.
 */
class CodeContractTest {

    private static final Path MAIN = RepositoryFiles.path("src", "main", "java");

    /**
     * Every element and message constant of PatchChange that main code outside the model
     * contract and these rules uses (constants are inlined by the compiler, so the
     * sources are read).
     */
    @Test
    void theIdsTheRulesKeepAreExactlyTheIdsTheCodeAddresses() throws IOException {
        Pattern use = Pattern
            .compile("PatchChange\\.((?:START_EVENT|END_EVENT|TASK|GATEWAY|TIMER|SUB_PROCESS|MSG)_\\w+)");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(MAIN)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String path = MAIN.relativize(source).toString().replace('\\', '/');
                if (path.startsWith("io/patchflow/process/model/")
                        || path.startsWith("io/patchflow/process/sandbox/")) {
                    continue;
                }
                Matcher matcher = use.matcher(Files.readString(source));
                while (matcher.find()) {
                    used.add(constant(matcher.group(1)));
                }
            }
        }
        Set<String> kept = new TreeSet<>(CodeContract.MESSAGES.keySet());
        CodeContract.ELEMENTS.forEach(element -> kept.add(element.id()));

        assertThat(used).as("what the code addresses").isNotEmpty();
        assertThat(kept).as("what CodeContract keeps").isEqualTo(used);
    }

    @Test
    void theOutputsTheRulesKeepAreTheOutputsTheRiskAssessmentReads() throws IOException {
        String service = Files.readString(MAIN.resolve("io/patchflow/risk/RiskAssessmentService.java"));
        Matcher read = Pattern.compile("\\.get\\(\"(\\w+)\"\\)|, \"(\\w+)\"\\)").matcher(service);
        Set<String> outputs = new TreeSet<>();
        while (read.find()) {
            outputs.add(read.group(1) != null ? read.group(1) : read.group(2));
        }
        Set<String> kept = CodeContract.DECISION_OUTPUTS.values()
            .stream()
            .flatMap(list -> list.stream().map(CodeContract.Output::name))
            .collect(Collectors.toCollection(TreeSet::new));

        assertThat(kept).isEqualTo(outputs);
    }

    /**
     * The four-eyes rule's view of the shipped process: which task is which step, and
     * which steps the shipped process decides without four eyes.
     */
    @Test
    void theApprovalStepsTheRulesKeepAreTheShippedProcesssSteps() throws Exception {
        ModelXml.Node model = ModelXml.parse(Files.readAllBytes(RepositoryFiles.path("bpmn", "patch-change.bpmn")));
        Map<String, ApprovalStep> steps = new TreeMap<>();
        Set<ApprovalStep> withoutFourEyes = new TreeSet<>();
        for (ModelXml.Node node : BpmnTree.descendants(model)) {
            Map<String, String> properties = BpmnTree.camundaProperties(node);
            String step = properties.get(PatchChange.PROP_DECISION_STEP);
            if (node.localName.equals("userTask") && step != null) {
                steps.put(node.attribute("id"), ApprovalStep.valueOf(step));
                if (!"true".equals(properties.get(PatchChange.PROP_FOUR_EYES))) {
                    withoutFourEyes.add(ApprovalStep.valueOf(step));
                }
            }
        }

        assertThat(new TreeMap<>(FourEyesRule.SHIPPED_STEPS)).isEqualTo(steps);
        assertThat(FourEyesRule.FOUR_EYES_OPTIONAL).isEqualTo(withoutFourEyes);
    }

    /**
     * The route rule's view of the shipped process: which task runs which delegate, the
     * conditions that lead to the pre-approval and the deployment, and that the delegates
     * it counts on to stop a change do set {@code outcome}.
     */
    @Test
    void theRouteTheRulesKeepIsTheShippedProcesssRoute() throws Exception {
        ModelXml.Node model = ModelXml.parse(Files.readAllBytes(RepositoryFiles.path("bpmn", "patch-change.bpmn")));
        Map<String, ModelXml.Node> ids = BpmnTree.ids(model);
        Map<String, String> delegates = new TreeMap<>();
        ApprovalRoute.SHIPPED_DELEGATES.keySet()
            .forEach(id -> delegates.put(id, BpmnTree.camundaAttribute(ids.get(id), "delegateExpression")));
        Set<String> intoPreApproval = new TreeSet<>();
        Set<String> intoDeployment = new TreeSet<>();
        for (ModelXml.Node node : BpmnTree.descendants(model)) {
            if (node.localName.equals("sequenceFlow")) {
                String condition = node.children.stream()
                    .filter(c -> c.localName.equals("conditionExpression"))
                    .map(c -> c.text.toString().strip())
                    .findFirst()
                    .orElse("(none)");
                if (PatchChange.TASK_RECORD_PRE_APPROVAL.equals(node.attribute("targetRef"))) {
                    intoPreApproval.add(condition);
                }
                if (PatchChange.TASK_START_DEPLOYMENT.equals(node.attribute("targetRef"))) {
                    intoDeployment.add(condition);
                }
            }
        }

        Map<String, String> kept = new TreeMap<>();
        ApprovalRoute.SHIPPED_DELEGATES.forEach((id, delegate) -> kept.put(id, "${" + delegate + "}"));
        assertThat(kept).isEqualTo(delegates);
        assertThat(intoPreApproval).containsExactly(ApprovalRoute.PRE_APPROVAL_CONDITION);
        assertThat(intoDeployment).containsExactly(ApprovalRoute.DEPLOYMENT_CONDITION);
        assertThat(ApprovalRoute.ROUTE_VARIABLES).allSatisfy(
                variable -> assertThat(ApprovalRoute.PRE_APPROVAL_CONDITION + ApprovalRoute.DEPLOYMENT_CONDITION)
                    .contains(variable));
        for (String delegate : ApprovalRoute.STOPPING) {
            String source = delegateSource(delegate);
            assertThat(source).as(delegate).contains("setVariable(PatchChange.VAR_OUTCOME");
        }
    }

    /** The source of the delegate bean of this name. */
    private static String delegateSource(String bean) throws IOException {
        try (Stream<Path> sources = Files.walk(MAIN.resolve("io/patchflow/process"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                if (text.contains("@Component(\"" + bean + "\")")) {
                    return text;
                }
            }
        }
        throw new IllegalStateException("no delegate " + bean);
    }

    private static String constant(String name) {
        try {
            return (String) PatchChange.class.getField(name).get(null);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name, e);
        }
    }

}
