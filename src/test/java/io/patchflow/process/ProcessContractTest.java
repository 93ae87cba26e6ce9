package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;

import io.patchflow.agent.DeploymentPhase;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.approval.CabTally;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeType;
import io.patchflow.change.Milestone;
import io.patchflow.process.ContractClass.Constant;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchProposals;

/**
 * The contract classes against the models they name (STYLE.md, habit 15): every constant
 * exists in its model, and everything of the model that code or tests name has a
 * constant. Each test collects every mismatch, so one run shows all that a model change
 * broke.
 */
class ProcessContractTest {

    private static final ContractClass CHANGE = ContractClass.of(PatchChange.class);

    private static final ModelFile CHANGE_MODEL = ModelFile.read("patch-change.bpmn");

    private static final Map<ContractClass, ModelFile> CONTRACTS = Map.of(CHANGE, CHANGE_MODEL,
            ContractClass.of(PatchProposals.class), ModelFile.read("patch-proposals.bpmn"));

    @Test
    void eachContractNamesItsProcessAndTheProcessItsFile() throws Exception {
        for (Map.Entry<ContractClass, ModelFile> entry : CONTRACTS.entrySet()) {
            String key = (String) entry.getKey().type().getField("PROCESS_KEY").get(null);
            assertThat(entry.getValue().process().getId()).as(entry.getKey().type().getSimpleName()).isEqualTo(key);
            assertThat(entry.getValue().fileName()).isEqualTo(key + ".bpmn");
        }
    }

    @Test
    void everyConstantIsNamedAfterItsValue() {
        List<String> wrong = new ArrayList<>();
        for (ContractClass contract : CONTRACTS.keySet()) {
            for (Constant constant : contract.constants()) {
                String expected = expectedName(constant);
                if (!constant.name().equals(expected)) {
                    wrong.add(contract.type().getSimpleName() + "." + constant.name() + " = \"" + constant.value()
                            + "\" should be named " + expected);
                }
            }
            contract.decisions()
                .forEach((decision, values) -> values.stream()
                    .filter(v -> !v.name().equals(snake(v.value())))
                    .forEach(v -> wrong.add(decision + "." + v.name() + " = \"" + v.value() + "\" should be named "
                            + snake(v.value()))));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyElementConstantNamesAFlowNodeOfItsModelAndEveryFlowNodeHasOne() {
        List<String> wrong = new ArrayList<>();
        CONTRACTS.forEach((contract, model) -> {
            Set<String> nodes = model.flowNodes()
                .stream()
                .map(FlowNode::getId)
                .collect(Collectors.toCollection(TreeSet::new));
            Set<String> constants = contract.elements()
                .stream()
                .map(Constant::value)
                .collect(Collectors.toCollection(TreeSet::new));
            difference(constants, nodes).forEach(id -> wrong.add(contract.type().getSimpleName() + " names " + id
                    + ", which is no flow node of bpmn/" + model.fileName()));
            difference(nodes, constants).forEach(id -> wrong.add("bpmn/" + model.fileName() + " has the flow node " + id
                    + " but " + contract.type().getSimpleName() + " has no " + snake(id)));
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void messageNamesAreTheModelsMessages() {
        CONTRACTS.forEach((contract, model) -> assertThat(values(contract.withPrefix("MSG_")))
            .as("message names of " + model.fileName())
            .containsExactlyInAnyOrderElementsOf(
                    model.model().getModelElementsByType(Message.class).stream().map(Message::getName).toList()));
    }

    @Test
    void everyVariableIsUsedByTheModelOrSaysWhyOnlyCodeUsesIt() {
        List<String> wrong = new ArrayList<>();
        CONTRACTS.forEach((contract, model) -> {
            Map<String, List<ModelFile.Use>> used = model.names();
            for (Constant variable : contract.withPrefix("VAR_")) {
                if (variable.codeOnly() == null && !used.containsKey(variable.value())) {
                    wrong.add(contract.type().getSimpleName() + "." + variable.name() + ": bpmn/" + model.fileName()
                            + " and its forms " + "do not use " + variable.value()
                            + "; if only code does, say why with @CodeOnly");
                }
                if (variable.codeOnly() != null && used.containsKey(variable.value())) {
                    wrong.add(contract.type().getSimpleName() + "." + variable.name()
                            + " is @CodeOnly, but the model uses " + variable.value() + " in "
                            + used.get(variable.value()));
                }
            }
            Set<String> named = new TreeSet<>(values(contract.withPrefix("VAR_")));
            named.addAll(values(contract.withPrefix("INPUT_")));
            used.keySet()
                .stream()
                .filter(name -> !named.contains(name))
                .forEach(name -> wrong.add("bpmn/" + model.fileName() + " uses the variable " + name + " in "
                        + used.get(name) + " but " + contract.type().getSimpleName() + " has no VAR_" + snake(name)));
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyInputTheDelegatesReadIsGivenByTheModel() {
        CONTRACTS.forEach((contract, model) -> {
            for (Constant input : contract.withPrefix("INPUT_")) {
                assertThat(model.names().getOrDefault(input.value(), List.of())).as(input.name())
                    .anyMatch(use -> use.how().startsWith("input "));
            }
        });
    }

    /**
     * The delegates turn these inputs into enums: a value the enum lacks would be an
     * incident, not a build failure.
     */
    @Test
    void milestoneAndPhaseInputsNameTheEnumsTheDelegatesReadThemAs() {
        Map<String, Set<String>> allowed = Map.of(PatchChange.INPUT_MILESTONE, names(Milestone.values()),
                PatchChange.INPUT_PHASE, names(DeploymentPhase.values()));
        List<String> given = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (CamundaInputParameter input : CHANGE_MODEL.model().getModelElementsByType(CamundaInputParameter.class)) {
            Set<String> values = allowed.get(input.getCamundaName());
            if (values != null) {
                given.add(input.getTextContent());
                if (!values.contains(input.getTextContent().strip())) {
                    wrong.add(input.getCamundaName() + " = " + input.getTextContent());
                }
            }
        }
        assertThat(given).as("milestone and phase inputs in the model").hasSizeGreaterThan(4);
        assertThat(wrong).isEmpty();
    }

    private static Set<String> names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).collect(Collectors.toSet());
    }

    @Test
    void taskPropertiesAreTheOnesTheModelSets() {
        CONTRACTS.forEach((contract, model) -> assertThat(values(contract.withPrefix("PROP_")))
            .as("camunda:property names in " + model.fileName())
            .containsExactlyInAnyOrderElementsOf(model.model()
                .getModelElementsByType(CamundaProperty.class)
                .stream()
                .map(CamundaProperty::getCamundaName)
                .distinct()
                .toList()));
    }

    @Test
    void decisionValuesAreTheValuesTheTaskAllowsAndItsFormOffers() {
        List<String> wrong = new ArrayList<>();
        CONTRACTS.forEach((contract, model) -> {
            Map<String, UserTask> deciding = decidingTasks(model);
            for (Map.Entry<String, List<Constant>> decision : contract.decisions().entrySet()) {
                String variable = Character.toLowerCase(decision.getKey().charAt(0)) + decision.getKey().substring(1);
                UserTask task = deciding.get(variable);
                if (!values(contract.withPrefix("VAR_")).contains(variable)) {
                    wrong.add(decision.getKey() + " holds the values of " + variable + ", but there is no VAR_"
                            + snake(variable));
                }
                if (task == null) {
                    wrong.add(decision.getKey() + ": no user task of " + model.fileName() + " decides " + variable
                            + " with decisionValues");
                    continue;
                }
                Set<String> allowed = new TreeSet<>(
                        Arrays.asList(ModelProperties.of(task).get(PatchChange.PROP_DECISION_VALUES).split(",")));
                Set<String> offered = new TreeSet<>(ModelFile.formFields(model.forms().get(formRef(task)))
                    .stream()
                    .filter(f -> f.get("key").asText().equals(variable))
                    .flatMap(f -> f.path("values").findValuesAsText("value").stream())
                    .toList());
                Set<String> declared = new TreeSet<>(values(decision.getValue()));
                if (!declared.equals(allowed) || !declared.equals(offered)) {
                    wrong.add(decision.getKey() + " declares " + declared + "; " + task.getId() + " allows " + allowed
                            + " and its form offers " + offered);
                }
            }
            deciding.keySet()
                .stream()
                .filter(variable -> !contract.decisions().containsKey(className(variable)))
                .forEach(variable -> wrong
                    .add(model.fileName() + " decides " + variable + " but " + contract.type().getSimpleName()
                            + " has no class " + className(variable) + " for its values"));
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyVariableTheListenerWritesForWhoDecidedHasAConstant() {
        Set<String> variables = new TreeSet<>(values(CHANGE.withPrefix("VAR_")));
        Set<String> written = new TreeSet<>();
        for (UserTask task : CHANGE_MODEL.model().getModelElementsByType(UserTask.class)) {
            Map<String, String> properties = ModelProperties.of(task);
            String variable = properties.get(PatchChange.PROP_DECISION_VARIABLE);
            // RecordDecisionListener writes the CAB tally instead of who voted
            if (variable != null
                    && !ApprovalStep.CAB_VOTE.name().equals(properties.get(PatchChange.PROP_DECISION_STEP))) {
                written.add(PatchChange.decidedBy(variable));
            }
        }
        assertThat(variables).as("RecordDecisionListener writes these").containsAll(written);
        // and each VAR_X_BY beside a VAR_X is what the listener writes for X
        for (Constant constant : CHANGE.withPrefix("VAR_")) {
            String decided = constant.name().endsWith("_BY")
                    ? constant.name().substring(0, constant.name().length() - 3) : null;
            CHANGE.withPrefix("VAR_")
                .stream()
                .filter(c -> c.name().equals(decided))
                .findFirst()
                .ifPresent(decision -> assertThat(constant.value()).as(constant.name())
                    .isEqualTo(PatchChange.decidedBy(decision.value()))
                    .isIn(written));
        }
    }

    @Test
    void everyValueAConditionComparesWithIsOneTheCodeKnows() {
        List<String> wrong = new ArrayList<>();
        CONTRACTS.forEach((contract, model) -> {
            for (ModelFile.Comparison comparison : model.comparisons()) {
                Set<String> known = knownValues(contract, comparison.variable());
                if (known == null) {
                    wrong.add(comparison.element() + " compares " + comparison.variable()
                            + ", whose values no class of the code lists");
                }
                else if (!known.contains(comparison.value())) {
                    wrong.add(comparison.element() + " compares " + comparison.variable() + " with '"
                            + comparison.value() + "', which is none of " + known);
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theCabVotesWordsAreTheTallysWords() {
        assertThat(List.of(PatchChange.CabVote.APPROVE, PatchChange.CabVote.REJECT, PatchChange.CabVote.NEEDS_INFO))
            .containsExactly(CabTally.APPROVE, CabTally.REJECT, CabTally.NEEDS_INFO);
    }

    private static Set<String> knownValues(ContractClass contract, String variable) {
        if (variable.equals(PatchChange.VAR_CHANGE_TYPE)) {
            return Arrays.stream(ChangeType.values()).map(Enum::name).collect(Collectors.toSet());
        }
        if (variable.equals(PatchChange.VAR_OUTCOME)) {
            return Arrays.stream(ChangeOutcome.values()).map(Enum::name).collect(Collectors.toSet());
        }
        List<Constant> values = contract.decisions().get(className(variable));
        return values == null ? null : new TreeSet<>(values(values));
    }

    /**
     * Decision variable to the user task that decides it, for the tasks that list their
     * allowed values.
     */
    private static Map<String, UserTask> decidingTasks(ModelFile model) {
        return model.model()
            .getModelElementsByType(UserTask.class)
            .stream()
            .filter(t -> ModelProperties.of(t).containsKey(PatchChange.PROP_DECISION_VALUES))
            .collect(Collectors.toMap(t -> ModelProperties.of(t).get(PatchChange.PROP_DECISION_VARIABLE), t -> t));
    }

    private static String formRef(UserTask task) {
        return task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef");
    }

    /**
     * Element ids and message names carry their kind already ({@code Task_},
     * {@code Msg_}); other names get a prefix.
     */
    private static String expectedName(Constant constant) {
        if (constant.name().equals("PROCESS_KEY")) {
            return "PROCESS_KEY";
        }
        if (constant.isElement() || constant.name().startsWith("MSG_")) {
            return snake(constant.value());
        }
        return List.of("VAR_", "INPUT_", "PROP_")
            .stream()
            .filter(constant.name()::startsWith)
            .findFirst()
            .map(prefix -> prefix + snake(constant.value()))
            .orElse("a kind's prefix (START_EVENT_, END_EVENT_, TASK_, GATEWAY_, TIMER_, SUB_PROCESS_, MSG_, VAR_, INPUT_, PROP_)");
    }

    /**
     * {@code Task_ReviewTechnically} → {@code TASK_REVIEW_TECHNICALLY},
     * {@code needs-info} → {@code NEEDS_INFO}.
     */
    static String snake(String value) {
        return value.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase();
    }

    private static String className(String variable) {
        return Character.toUpperCase(variable.charAt(0)) + variable.substring(1);
    }

    private static List<String> values(List<Constant> constants) {
        return constants.stream().map(Constant::value).toList();
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

}
