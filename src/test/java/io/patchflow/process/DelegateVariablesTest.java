package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mockito.Mockito;
import org.mockito.invocation.InvocationOnMock;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import io.patchflow.approval.ApprovalService;
import io.patchflow.approval.CabTally;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeOutcome;
import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.deployment.Rollout;
import io.patchflow.deployment.WaveGate;
import io.patchflow.inbox.FormValidator;
import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.BackupResolution;
import io.patchflow.process.model.PatchChange.BlackoutDecision;
import io.patchflow.process.model.PatchChange.CabVote;
import io.patchflow.process.model.PatchChange.GateDecision;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.proposal.ProposalService;
import io.patchflow.review.ChangeReview;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.risk.RiskAssessmentService;
import io.patchflow.schedule.ScheduleService;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * What the catalogue says a delegate reads and writes is what it does (ADR 0052). Each
 * delegate and listener with {@link ModelDelegate} runs, its services mocked, against an
 * execution that records every variable it reads and writes, and that refuses any other
 * way to reach variables ({@code getVariables()}, typed values, ...), so nothing goes
 * unrecorded. Its scenarios between them take every branch that reads or writes
 * something; what they record must be exactly what it declares: nothing undeclared in any
 * scenario, and every declared name in at least one. A variable read or written only on
 * some branch ({@code outcome} on abort) is declared, says when in its description, and
 * has a scenario that takes that branch.
 */
class DelegateVariablesTest {

    static final ChangeId CHANGE = ChangeId.parse("CHG-42");

    static final String USER = "ann";

    static final String TASK_ID = "task-1";

    /** The scenarios of each delegate and listener, by bean name. */
    static final Map<String, List<Scenario>> SCENARIOS = scenarios();

    @TestFactory
    Stream<DynamicTest> eachDelegateReadsAndWritesExactlyWhatItDeclares() {
        return described().entrySet()
            .stream()
            .map(e -> DynamicTest.dynamicTest(e.getKey(),
                    () -> check(e.getKey(), e.getValue(), SCENARIOS.getOrDefault(e.getKey(), List.of()))));
    }

    @Test
    void everyDescribedDelegateHasScenariosAndEveryScenarioADelegate() {
        assertThat(SCENARIOS.keySet()).as("delegates with scenarios in this test")
            .containsExactlyInAnyOrderElementsOf(described().keySet());
    }

    @Test
    void aDelegateThatReadsAVariableItDoesNotDeclareFails() {
        assertThatThrownBy(() -> check("sneakyDelegate", ReadsTheRequester.class, List.of(scenario("runs"))))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("runs: reads [requester], which @ModelDelegate does not declare");
    }

    @Test
    void aDeclaredWriteThatNoScenarioMakesFails() {
        assertThatThrownBy(() -> check("boastfulDelegate", DeclaresAnOutcome.class, List.of(scenario("runs"))))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("declares writes [outcome], which no scenario makes");
    }

    @Test
    void aDelegateThatReadsAllVariablesAtOnceCannotBeDescribed() {
        assertThatThrownBy(() -> check("greedyDelegate", ReadsEverything.class, List.of(scenario("runs"))))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("execution.getVariables");
    }

    // --- the scenarios ---

    private static Map<String, List<Scenario>> scenarios() {
        Map<String, List<Scenario>> all = new TreeMap<>();
        all.put("addTicketNoteDelegate",
                List.of(scenario("a milestone").input(PatchChange.INPUT_MILESTONE, "ASSESSED")));
        all.put("applyBackupResolutionDelegate",
                Stream.of(BackupResolution.WAIVE, BackupResolution.ABORT, BackupResolution.RETRY)
                    .map(answer -> scenario(answer).with(PatchChange.VAR_BACKUP_RESOLUTION, answer)
                        .with(PatchChange.VAR_BACKUP_RESOLUTION_BY, USER))
                    .toList());
        all.put("applyGateDecisionDelegate",
                Stream.of(GateDecision.CONTINUE, GateDecision.STOP, GateDecision.ROLL_BACK)
                    .map(answer -> scenario(answer).with(PatchChange.VAR_GATE_DECISION, answer)
                        .with(PatchChange.VAR_GATE_DECISION_BY, USER))
                    .toList());
        Consumer<Mocks> assessed = m -> when(m.of(RiskAssessmentService.class).assess(CHANGE))
            .thenReturn(new RiskAssessment(null,
                    new RiskAssessment.Facts(null, false, "MEDIUM", false, "FIRMWARE", false, 1, false, false, null,
                            null, null, null, 0, null, false),
                    new RiskAssessment.Result(40, RiskLevel.MEDIUM, ChangeType.NORMAL, true, "tech-review", "cab", 3, 2,
                            null, "P1D", "B", null, "policy"),
                    List.of()));
        all.put("assessRiskDelegate", List.of(scenario("first round").stub(assessed),
                scenario("second round").with(PatchChange.VAR_APPROVAL_ROUND, 1).stub(assessed)));
        all.put("closeChangeDelegate", List.of(scenario("closes")));
        all.put("decideOutcomeDelegate", List.of(scenario("all succeeded")
            .stub(m -> when(m.of(ChangeReview.class).decideOutcome(CHANGE)).thenReturn(ChangeOutcome.SUCCESSFUL))));
        all.put("dispatchWaveDelegate", List.of(scenario("first wave").with(PatchChange.VAR_CURRENT_WAVE, 0)));
        all.put("escalateApprovalDelegate",
                List.of(scenario("review overdue").input(PatchChange.INPUT_OVERDUE_TASK, "Task_ReviewTechnically")
                    .input(PatchChange.INPUT_ESCALATE_TO, "change-manager")));
        all.put("evaluateBackupsDelegate", List.of(scenario("evaluates")));
        all.put("evaluateVerificationDelegate", List.of(scenario("evaluates")));
        all.put("evaluateWaveGateDelegate",
                List.of(scenario("first of two waves").with(PatchChange.VAR_CURRENT_WAVE, 1)
                    .with(PatchChange.VAR_WAVE_COUNT, 2)
                    .stub(m -> when(m.of(Rollout.class).evaluateWave(CHANGE, 1, 2))
                        .thenReturn(new WaveGate(1, 4, 4, 1.0, true, true, "PT1H")))));
        all.put("expireAgentJobsDelegate",
                List.of(scenario("install timed out").input(PatchChange.INPUT_PHASE, "INSTALL")));
        all.put("openIncidentDelegate", List.of(scenario("opens")));
        all.put("preApproveChangeDelegate",
                List.of(scenario("standard change").with(PatchChange.VAR_APPROVAL_ROUND, 1)));
        all.put("proposeChangesDelegate", List.of(scenario("a run").withoutChange()
            .stub(m -> when(m.of(ProposalService.class).propose()).thenReturn(new ProposalService.RunResult(3, 1)))));
        all.put("recordApprovalDelegate", List.of(scenario("approved")));
        all.put("recordAutomaticReviewDelegate", List.of(scenario("reviewed")));
        all.put("recordCancellationDelegate", List.of(scenario("cancelled").with(PatchChange.VAR_CANCELLED_BY, USER)
            .with(PatchChange.VAR_CANCEL_REASON, "why")));
        all.put("rejectChangeDelegate", List.of(scenario("rejected").with(PatchChange.VAR_CHANGE_TYPE, "NORMAL")
            .with(PatchChange.VAR_APPROVAL_ROUND, 1)));
        all.put("requestBackupsDelegate", List.of(scenario("requests")));
        all.put("requestInformationDelegate", List.of(scenario("requests")));
        all.put("requestRollbackDelegate", List.of(scenario("failed assets"),
                scenario("everything").with(PatchChange.VAR_ROLLBACK_EVERYTHING, true)));
        all.put("requestVerificationDelegate", List.of(scenario("requests")));
        Consumer<Mocks> scheduled = m -> when(m.of(ScheduleService.class).schedule(any(), anyBoolean()))
            .thenReturn(new ScheduleService.Scheduled(Instant.EPOCH, Instant.EPOCH.plusSeconds(3600), false));
        all.put("scheduleChangeDelegate",
                List.of(scenario("first time").stub(scheduled),
                        scenario("after postpone").with(PatchChange.VAR_BLACKOUT_DECISION, BlackoutDecision.POSTPONE)
                            .stub(scheduled)));
        all.put("startDeploymentDelegate", List.of(scenario("starts")));
        all.put("startStandardChangesDelegate", List.of(scenario("a run").withoutChange()));
        Consumer<Mocks> decided = m -> when(m.of(ApprovalService.class)
            .decide(any(), anyInt(), any(), anyBoolean(), any(), any(), any(), any(), any()))
            .thenReturn(new CabTally(1, 0, 0));
        all.put("recordDecisionListener", List.of(
                scenario("a review task is created").onTask(TaskListener.EVENTNAME_CREATE,
                        PatchChange.TASK_REVIEW_TECHNICALLY),
                scenario("a review is approved")
                    .onTask(TaskListener.EVENTNAME_COMPLETE, PatchChange.TASK_REVIEW_TECHNICALLY)
                    .with(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)
                    .with(PatchChange.VAR_APPROVAL_ROUND, 1)
                    .stub(decided),
                scenario("a CAB member votes").onTask(TaskListener.EVENTNAME_COMPLETE, PatchChange.TASK_APPROVE_CHANGE)
                    .with(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE)
                    .with(PatchChange.VAR_APPROVAL_ROUND, 1)
                    .stub(decided)));
        return all;
    }

    // --- the check ---

    /**
     * Runs the scenarios and compares what they recorded with the declaration; fails with
     * every difference at once.
     */
    static void check(String bean, Class<?> type, List<Scenario> scenarios) {
        ModelDelegate declared = type.getAnnotation(ModelDelegate.class);
        Map<String, Set<String>> declaredNames = new LinkedHashMap<>();
        declaredNames.put("inputs", names(declared.inputs()));
        declaredNames.put("reads", names(declared.reads()));
        declaredNames.put("writes", names(declared.writes()));
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        declaredNames.keySet().forEach(list -> seen.put(list, new TreeSet<>()));
        List<String> problems = new ArrayList<>();
        boolean businessKeyRead = false;
        for (Scenario scenario : scenarios) {
            Recording recording = run(type, scenario);
            businessKeyRead |= recording.businessKeyRead;
            Map<String, Set<String>> recorded = Map.of("inputs", recording.inputs, "reads", recording.reads, "writes",
                    recording.writes);
            for (String list : declaredNames.keySet()) {
                Set<String> names = recording.declaredNames(recorded.get(list));
                seen.get(list).addAll(names);
                Set<String> undeclared = new TreeSet<>(names);
                undeclared.removeAll(declaredNames.get(list));
                if (!undeclared.isEmpty()) {
                    problems.add(scenario.what() + ": " + list + " " + undeclared
                            + ", which @ModelDelegate does not declare");
                }
            }
        }
        for (String list : declaredNames.keySet()) {
            Set<String> unseen = new TreeSet<>(declaredNames.get(list));
            unseen.removeAll(seen.get(list));
            if (!unseen.isEmpty()) {
                problems.add("declares " + list + " " + unseen
                        + ", which no scenario makes: the code no longer does, or a scenario is missing");
            }
        }
        if (declared.actsOnChange() != businessKeyRead) {
            problems.add("declares actsOnChange = " + declared.actsOnChange() + ", but the scenarios "
                    + (businessKeyRead ? "read" : "never read") + " the business key");
        }
        if (!problems.isEmpty()) {
            fail(bean + " (" + type.getSimpleName() + "):\n  " + String.join("\n  ", problems));
        }
    }

    private static Set<String> names(ModelDelegate.Var[] vars) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(vars).forEach(v -> names.add(v.name()));
        return names;
    }

    private static Recording run(Class<?> type, Scenario scenario) {
        Mocks mocks = new Mocks();
        scenario.stubs().accept(mocks);
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        assertThat(constructors).as("constructors of " + type.getSimpleName()).hasSize(1);
        Constructor<?> constructor = constructors[0];
        constructor.setAccessible(true);
        Object bean;
        try {
            bean = constructor.newInstance(Arrays.stream(constructor.getParameterTypes()).map(mocks::of).toArray());
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
        Recording recording = new Recording(scenario);
        try {
            if (bean instanceof JavaDelegate delegate) {
                delegate.execute(recording.execution());
            }
            else if (bean instanceof TaskListener listener) {
                listener.notify(recording.task());
            }
            else {
                throw new IllegalStateException(type.getName() + " is neither a delegate nor a task listener");
            }
        }
        catch (AssertionError e) {
            throw new AssertionError(scenario.what() + ": " + e.getMessage(), e);
        }
        catch (Exception e) {
            throw new IllegalStateException(
                    type.getSimpleName() + ", scenario '" + scenario.what() + "', failed; stub what it needs", e);
        }
        return recording;
    }

    /**
     * Every class with {@link ModelDelegate}, by bean name: the top-level classes of
     * io.patchflow (test classes' nested examples are not delegates).
     */
    static Map<String, Class<?>> described() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ModelDelegate.class));
        AnnotationBeanNameGenerator names = new AnnotationBeanNameGenerator();
        SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
        Map<String, Class<?>> described = new TreeMap<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("io.patchflow")) {
            Class<?> type;
            try {
                type = Class.forName(definition.getBeanClassName());
            }
            catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            if (type.getEnclosingClass() == null) {
                described.put(names.generateBeanName(definition, registry), type);
            }
        }
        return described;
    }

    // --- scenarios, mocks and the recording execution ---

    static Scenario scenario(String what) {
        return new Scenario(what, Map.of(), Map.of(), "CHG-42", null, null, m -> {
        });
    }

    /**
     * One run: the variables and inputs it starts with, the business key, for a listener
     * the event and the user task of bpmn/patch-change.bpmn, and what the services
     * answer.
     */
    record Scenario(String what, Map<String, Object> variables, Map<String, Object> inputs, String businessKey,
            String event, String taskId, Consumer<Mocks> stubs) {

        Scenario with(String variable, Object value) {
            Map<String, Object> more = new HashMap<>(variables);
            more.put(variable, value);
            return new Scenario(what, more, inputs, businessKey, event, taskId, stubs);
        }

        Scenario input(String name, Object value) {
            Map<String, Object> more = new HashMap<>(inputs);
            more.put(name, value);
            return new Scenario(what, variables, more, businessKey, event, taskId, stubs);
        }

        /** The proposal run's instances have no business key. */
        Scenario withoutChange() {
            return new Scenario(what, variables, inputs, null, event, taskId, stubs);
        }

        Scenario onTask(String event, String taskId) {
            return new Scenario(what, variables, inputs, businessKey, event, taskId, stubs);
        }

        Scenario stub(Consumer<Mocks> more) {
            return new Scenario(what, variables, inputs, businessKey, event, taskId, stubs.andThen(more));
        }

    }

    /** One mock per service type the delegate's constructor asks for. */
    static final class Mocks {

        private final Map<Class<?>, Object> mocks = new HashMap<>();

        <T> T of(Class<T> type) {
            return type.cast(mocks.computeIfAbsent(type, Mockito::mock));
        }

    }

    /**
     * An execution (and, for a listener, a task) that records each variable read and
     * written, with the names a model chooses mapped back to their placeholders.
     */
    static final class Recording {

        private final Scenario scenario;

        private final Map<String, Object> variables;

        final Set<String> reads = new TreeSet<>();

        final Set<String> inputs = new TreeSet<>();

        final Set<String> writes = new TreeSet<>();

        boolean businessKeyRead;

        /**
         * Placeholder to the names it stands for in this scenario: {@code {form field}},
         * {@code {decisionVariable}By}.
         */
        private final Map<String, Set<String>> placeholders = new LinkedHashMap<>();

        private UserTask element;

        private String form;

        Recording(Scenario scenario) {
            this.scenario = scenario;
            this.variables = new HashMap<>(scenario.variables());
            if (scenario.taskId() != null) {
                element = ModelFile.read("patch-change.bpmn").model().getModelElementById(scenario.taskId());
                form = form(element.getCamundaFormRef());
                placeholders.put("{form field}", Set.copyOf(FormValidator.fieldKeys(form)));
                String decisionVariable = ModelProperties.of(element).get(PatchChange.PROP_DECISION_VARIABLE);
                if (decisionVariable != null) {
                    placeholders.put("{decisionVariable}By", Set.of(PatchChange.decidedBy(decisionVariable)));
                }
            }
        }

        Set<String> declaredNames(Set<String> recorded) {
            Set<String> names = new TreeSet<>();
            for (String name : recorded) {
                names.add(placeholders.entrySet()
                    .stream()
                    .filter(p -> p.getValue().contains(name))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(name));
            }
            return names;
        }

        DelegateExecution execution() {
            return mock(DelegateExecution.class, this::answerAsExecution);
        }

        DelegateTask task() {
            DelegateExecution execution = execution();
            IdentityService identity = mock(IdentityService.class);
            when(identity.getCurrentAuthentication()).thenReturn(new Authentication(USER, List.of()));
            FormService forms = mock(FormService.class);
            when(forms.getDeployedTaskForm(TASK_ID))
                .thenAnswer(i -> new ByteArrayInputStream(form.getBytes(StandardCharsets.UTF_8)));
            ProcessEngineServices services = mock(ProcessEngineServices.class);
            when(services.getIdentityService()).thenReturn(identity);
            when(services.getFormService()).thenReturn(forms);
            return mock(DelegateTask.class, invocation -> switch (invocation.getMethod().getName()) {
                case "getEventName" -> scenario.event();
                case "getId" -> TASK_ID;
                case "getName" -> element.getName();
                case "getBpmnModelElementInstance" -> element;
                case "getProcessEngineServices" -> services;
                case "getExecution" -> execution;
                case "getVariable" -> read(invocation);
                default -> objectMethod(invocation, "task");
            });
        }

        private Object answerAsExecution(InvocationOnMock invocation) throws Throwable {
            return switch (invocation.getMethod().getName()) {
                case "getProcessBusinessKey" -> {
                    businessKeyRead = true;
                    yield scenario.businessKey();
                }
                case "getCurrentActivityId" -> "Task_UnderTest";
                case "getVariable" -> read(invocation);
                case "getVariableLocal" -> {
                    String name = oneName(invocation);
                    inputs.add(name);
                    yield scenario.inputs().get(name);
                }
                case "setVariable" -> {
                    if (invocation.getArguments().length != 2) {
                        yield objectMethod(invocation, "execution");
                    }
                    String name = invocation.getArgument(0);
                    writes.add(name);
                    variables.put(name, invocation.getArgument(1));
                    yield null;
                }
                default -> objectMethod(invocation, "execution");
            };
        }

        private Object read(InvocationOnMock invocation) {
            String name = oneName(invocation);
            reads.add(name);
            return variables.get(name);
        }

        private static String oneName(InvocationOnMock invocation) {
            assertThat(invocation.getArguments()).as(invocation.getMethod().getName() + " arguments").hasSize(1);
            return invocation.getArgument(0);
        }

        /**
         * Object's own methods answer as usual; anything else is a way to reach variables
         * (or the engine) that this recording cannot tell the catalogue about.
         */
        private static Object objectMethod(InvocationOnMock invocation, String what) throws Throwable {
            return switch (invocation.getMethod().getName()) {
                case "toString" -> "recording " + what;
                case "hashCode" -> System.identityHashCode(invocation.getMock());
                case "equals" -> invocation.getMock() == invocation.getArgument(0);
                default -> throw new AssertionError("it calls " + what + "." + invocation.getMethod().getName()
                        + ", which this test does not record: the catalogue could not say which variables that"
                        + " reads or writes. Use getVariable/setVariable with one name (and getVariableLocal for an"
                        + " input), or teach DelegateVariablesTest and @ModelDelegate the new way");
            };
        }

        private static String form(String formRef) {
            try {
                return Files.readString(RepositoryFiles.path("forms", formRef + ".form"));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

    }

    // --- delegates that break the rule, to show the check fails ---

    @ModelDelegate(summary = "Reads a variable it does not declare.")
    static class ReadsTheRequester implements JavaDelegate {

        @Override
        public void execute(DelegateExecution execution) {
            execution.getProcessBusinessKey();
            execution.getVariable(PatchChange.VAR_REQUESTER);
        }

    }

    @ModelDelegate(summary = "Declares a write it never makes.",
            writes = @ModelDelegate.Var(name = PatchChange.VAR_OUTCOME, means = "never"))
    static class DeclaresAnOutcome implements JavaDelegate {

        @Override
        public void execute(DelegateExecution execution) {
            execution.getProcessBusinessKey();
        }

    }

    @ModelDelegate(summary = "Reads every variable at once.", actsOnChange = false)
    static class ReadsEverything implements JavaDelegate {

        @Override
        public void execute(DelegateExecution execution) {
            execution.getVariables();
        }

    }

}
