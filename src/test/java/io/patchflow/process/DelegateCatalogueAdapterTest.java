package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;

import io.patchflow.agent.DeploymentPhase;
import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.Milestone;
import io.patchflow.modeling.DelegateCatalogue.Delegate;
import io.patchflow.modeling.DelegateCatalogue.Variable;
import io.patchflow.process.DelegateCatalogueAdapter.Entry;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchProposals;
import io.patchflow.process.sandbox.ModelBeans;

/**
 * How the catalogue is built from the allow-list, and what it refuses: nothing reaches a
 * model undescribed.
 */
class DelegateCatalogueAdapterTest {

    static final Set<String> PROCESSES = Set.of(PatchChange.PROCESS_KEY, PatchProposals.PROCESS_KEY);

    @Test
    void aDelegateWithoutModelDelegateIsRefused() {
        ModelBeans beans = allowList("plainDelegate");
        assertThatThrownBy(() -> DelegateCatalogueAdapter.entries(beans, name -> Undescribed.class))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("plainDelegate")
            .hasMessageContaining("without @ModelDelegate");
    }

    @Test
    void aHelperWithoutASummaryIsRefused() {
        ModelBeans beans = new ModelBeans(Set.of(), Map.of("proposalSettings", Set.of("cycle"), "clock", Set.of("now")),
                PROCESSES, Set.of(), name -> null);
        assertThatThrownBy(() -> DelegateCatalogueAdapter.entries(beans, name -> null))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("the helper clock is on the model's allow-list without a summary");
    }

    @Test
    void aSummaryOfAHelperThatIsNotOnTheListIsRefused() {
        ModelBeans beans = new ModelBeans(Set.of(), Map.of(), PROCESSES, Set.of(), name -> null);
        assertThatThrownBy(() -> DelegateCatalogueAdapter.entries(beans, name -> null))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("describes [proposalSettings], which are not helpers");
    }

    @Test
    void aVariableMustHaveAName() {
        ModelBeans beans = allowList("badlyNamedDelegate");
        assertThatThrownBy(() -> DelegateCatalogueAdapter.entries(beans, name -> BadlyNamed.class))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("has reads 'the round'");
    }

    @Test
    void theEntriesAreTheAllowListInNameOrderEachOfItsKind() {
        ModelBeans beans = allowList("recordDecisionListener", "assessRiskDelegate");
        List<Entry> entries = DelegateCatalogueAdapter.entries(beans, name -> described(name));
        assertThat(entries).extracting(Entry::bean)
            .containsExactly("assessRiskDelegate", "proposalSettings", "recordDecisionListener");
        assertThat(entries).extracting(Entry::kind).containsExactly("service task", "helper", "listener");
    }

    @Test
    void theHelperSaysHowAModelCallsIt() {
        Entry helper = DelegateCatalogueAdapter.entries(allowList(), name -> null).get(0);
        assertThat(helper.summary()).startsWith("Call as ${proposalSettings.cycle()}. How often the proposal run");
        assertThat(helper.actsOnChange()).isFalse();
    }

    @Test
    void thePortHandsOutInputsAndPropertiesAsReadsSayingWhatTheyAre() {
        ModelBeans beans = allowList("expireAgentJobsDelegate", "recordDecisionListener");
        List<Entry> entries = DelegateCatalogueAdapter.entries(beans, name -> described(name));
        Delegate expire = entries.get(0).delegate();
        assertThat(expire.reads()).extracting(Variable::name).containsExactly(PatchChange.INPUT_PHASE);
        assertThat(expire.reads().get(0).description()).startsWith("Input parameter of the step: BACKUP, INSTALL");
        Delegate listener = entries.get(2).delegate();
        assertThat(listener.reads()).extracting(Variable::name)
            .containsExactly(PatchChange.PROP_DECISION_STEP, PatchChange.PROP_DECISION_VARIABLE,
                    PatchChange.PROP_DECISION_VALUES, PatchChange.PROP_COMMENT_VARIABLE, PatchChange.PROP_FOUR_EYES,
                    "{form field}", PatchChange.VAR_APPROVAL_ROUND);
        assertThat(listener.reads().get(0).description()).startsWith("Property (camunda:property) of the element: ");
        assertThat(listener.writes()).extracting(Variable::name).contains("{decisionVariable}By");
    }

    /**
     * A name the code shares with the model is a constant of the contract
     * (ProcessContractTest checks those against the model); a {@code {part}} stands for a
     * name the model chooses.
     */
    @Test
    void everyDeclaredNameIsAContractConstantOrAPlaceholder() {
        Set<String> contract = new TreeSet<>();
        for (Class<?> names : List.of(PatchChange.class, PatchProposals.class)) {
            for (Field field : names.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                        && field.getName().matches("(VAR|INPUT|PROP)_.*")) {
                    contract.add(constant(field));
                }
            }
        }
        List<String> strays = new ArrayList<>();
        DelegateVariablesTest.described().forEach((bean, type) -> {
            ModelDelegate declared = type.getAnnotation(ModelDelegate.class);
            for (ModelDelegate.Var[] list : List.of(declared.inputs(), declared.properties(), declared.reads(),
                    declared.writes())) {
                Arrays.stream(list)
                    .map(ModelDelegate.Var::name)
                    .filter(name -> !name.contains("{") && !contract.contains(name))
                    .forEach(name -> strays.add(bean + ": " + name));
            }
        });
        assertThat(strays).as("declared names that are not VAR_, INPUT_ or PROP_ constants").isEmpty();
    }

    /**
     * The listener's properties are read from the model element, not as variables, so
     * DelegateVariablesTest cannot record them; the contract keeps them as the PROP_
     * constants, which exist for this listener.
     */
    @Test
    void theListenerDeclaresEveryTaskPropertyOfTheContract() {
        Set<String> properties = new TreeSet<>();
        for (Field field : PatchChange.class.getFields()) {
            if (field.getName().startsWith("PROP_")) {
                properties.add(constant(field));
            }
        }
        assertThat(RecordDecisionListener.class.getAnnotation(ModelDelegate.class).properties())
            .extracting(ModelDelegate.Var::name)
            .containsExactlyInAnyOrderElementsOf(properties);
    }

    /** Where a description lists the values an input may take, it lists all of them. */
    @Test
    void descriptionsThatListTheValuesListThemAll() {
        assertThat(meaning("addTicketNoteDelegate", ModelDelegate::inputs, PatchChange.INPUT_MILESTONE))
            .contains(Arrays.stream(Milestone.values()).map(Enum::name).toList());
        assertThat(meaning("expireAgentJobsDelegate", ModelDelegate::inputs, PatchChange.INPUT_PHASE))
            .contains(Arrays.stream(DeploymentPhase.values()).map(Enum::name).toList());
        // PRE_APPROVAL is the system's, recorded by preApproveChangeDelegate, not by a
        // person's task.
        assertThat(meaning("recordDecisionListener", ModelDelegate::properties, PatchChange.PROP_DECISION_STEP))
            .contains(Arrays.stream(ApprovalStep.values())
                .filter(step -> step != ApprovalStep.PRE_APPROVAL)
                .map(Enum::name)
                .toList());
    }

    /**
     * A delegate fails its step without a declared input, so every call in the shipped
     * models gives each one.
     */
    @Test
    void theShippedModelsGiveEachDelegateTheInputsItDeclares() {
        Map<String, Class<?>> described = DelegateVariablesTest.described();
        List<String> missing = new ArrayList<>();
        int calls = 0;
        for (String file : List.of("patch-change.bpmn", "patch-proposals.bpmn")) {
            for (ServiceTask task : ModelFile.read(file).model().getModelElementsByType(ServiceTask.class)) {
                String bean = task.getCamundaDelegateExpression().replaceAll("^\\$\\{|}$", "");
                Set<String> given = new TreeSet<>();
                if (task.getExtensionElements() != null) {
                    task.getExtensionElements()
                        .getElementsQuery()
                        .filterByType(CamundaInputOutput.class)
                        .list()
                        .forEach(io -> io.getCamundaInputParameters()
                            .stream()
                            .map(CamundaInputParameter::getCamundaName)
                            .forEach(given::add));
                }
                calls++;
                for (ModelDelegate.Var input : described.get(bean).getAnnotation(ModelDelegate.class).inputs()) {
                    if (!given.contains(input.name())) {
                        missing.add(file + ": " + task.getId() + " calls " + bean + " without " + input.name());
                    }
                }
            }
        }
        assertThat(calls).as("service tasks in the shipped models").isGreaterThan(20);
        assertThat(missing).isEmpty();
    }

    // --- helpers ---

    private static ModelBeans allowList(String... delegates) {
        return new ModelBeans(Set.of(delegates), EngineConfiguration.HELPERS, PROCESSES, Set.of(), name -> null);
    }

    private static Class<?> described(String bean) {
        return DelegateVariablesTest.described().get(bean);
    }

    private static String meaning(String bean, java.util.function.Function<ModelDelegate, ModelDelegate.Var[]> list,
            String name) {
        return Arrays.stream(list.apply(described(bean).getAnnotation(ModelDelegate.class)))
            .filter(v -> v.name().equals(name))
            .map(ModelDelegate.Var::means)
            .findFirst()
            .orElseThrow();
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        }
        catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static class Undescribed implements JavaDelegate {

        @Override
        public void execute(DelegateExecution execution) {
        }

    }

    @ModelDelegate(summary = "Reads the round.",
            reads = @ModelDelegate.Var(name = "the round", means = "a name with a space is none"))
    static class BadlyNamed implements JavaDelegate {

        @Override
        public void execute(DelegateExecution execution) {
        }

    }

}
