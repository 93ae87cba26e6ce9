package io.patchflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.change.ChangeRequest;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.modeling.ModelEngine.MigrationCheck;
import io.patchflow.modeling.ModelEngine.Published;
import io.patchflow.process.model.PatchChange;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * A model change from draft to published version (ADR 0048), on the real engine: four
 * eyes on the review, running changes on their version, migration when the analyst
 * chooses it. Its own Spring context (and so its own database): it publishes new versions
 * of the change process, which other tests must not run on.
 */
@SpringBootTest(properties = "patchflow.test.context=modeling")
@ActiveProfiles("test")
class ModelDraftsTest {

    static final Actor FRANK = new Actor("frank", Set.of(Role.PROCESS_ANALYST), Set.of());

    static final Actor HANA = new Actor("hana", Set.of(Role.PROCESS_ANALYST), Set.of());

    static final Actor IVO = new Actor("ivo", Set.of(Role.PROCESS_ANALYST), Set.of());

    static final Actor ADMIN = new Actor("admin", Set.of(Role.ADMIN), Set.of());

    @Autowired
    ModelDrafts drafts;

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    JdbcClient jdbc;

    Fixtures.World world;

    @BeforeEach
    void newWorld() {
        world = fixtures.world();
    }

    @Test
    void aDraftIsReviewedByASecondAnalystPublishedAndRunningChangesStayOnTheirVersion() {
        world.asset("app1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        world.asset("app2", Criticality.MEDIUM, Exposure.INTERNAL, 1);
        ChangeRequest before = driver.submit(world, List.of(fixtures.exploitedPatch("8.0")),
                world.assets("app1", "app2"), false, null);
        assertThat(runtime.getActiveActivityIds(driver.change(before.id()).processInstanceId()))
            .contains(PatchChange.TASK_REVIEW_TECHNICALLY);
        int liveVersion = latestVersion();

        DraftView draft = drafts.create(FRANK, "Rename the technical review", List.of("patch-change.bpmn"), List.of(),
                "BROWSER");
        String text = drafts.file(FRANK, draft.id(), "patch-change.bpmn", null).text();
        String renamed = text.replace("name=\"Review change technically\"",
                "name=\"Review change technically (renamed)\"");
        assertThat(renamed).isNotEqualTo(text);
        ModelDrafts.Saved saved = drafts.save(FRANK, draft.id(), "patch-change.bpmn",
                renamed.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(saved.revision()).isEqualTo(2);
        assertThat(saved.findings()).isEmpty();

        // someone else's save since revision 1 is not overwritten
        assertThatThrownBy(() -> drafts.save(HANA, draft.id(), "patch-change.bpmn", text.getBytes(), 1))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("revision 2");

        drafts.submit(FRANK, draft.id());
        assertThatThrownBy(() -> drafts.review(FRANK, draft.id(), 2, true, "")).isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("second analyst");
        assertThatThrownBy(() -> drafts.review(ADMIN, draft.id(), 2, true, "")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> drafts.publish(FRANK, draft.id())).isInstanceOf(ConflictException.class)
            .hasMessageContaining("only an approved draft");
        assertThatThrownBy(() -> drafts.review(HANA, draft.id(), 2, false, " "))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("why");

        DraftView approved = drafts.review(HANA, draft.id(), 2, true, "reads well");
        assertThat(approved.state()).isEqualTo(DraftState.APPROVED);
        Published published = drafts.publish(FRANK, draft.id());
        assertThat(published.versions()).extracting(ModelEngine.ModelVersion::fileName)
            .containsExactly("patch-change.bpmn");
        assertThat(latestVersion()).isEqualTo(liveVersion + 1);
        assertThat(drafts.view(FRANK, draft.id()).state()).isEqualTo(DraftState.PUBLISHED);

        // the running change stays on its version; the next one starts on the new one
        assertThat(definitionVersionOf(before)).isEqualTo(liveVersion);
        ChangeRequest after = driver.submit(world, List.of(fixtures.exploitedPatch("8.1")),
                world.assets("app1", "app2"), false, null);
        assertThat(definitionVersionOf(after)).isEqualTo(liveVersion + 1);

        // a published draft stays as it is
        assertThatThrownBy(() -> drafts.save(FRANK, draft.id(), "patch-change.bpmn", text.getBytes(), 2))
            .isInstanceOf(ConflictException.class);

        assertThat(auditKinds()).contains("MODEL_DRAFT_SAVED", "MODEL_SUBMITTED", "MODEL_APPROVED", "MODEL_PUBLISHED");
    }

    @Test
    void whoeverSavedARevisionDoesNotReviewIt() {
        DraftView draft = drafts.create(FRANK, "A form tweak", List.of("review-change.form"), List.of(), "BROWSER");
        String form = drafts.file(FRANK, draft.id(), "review-change.form", null).text();
        drafts.save(IVO, draft.id(), "review-change.form", form.replace("\"label\"", "\"label\" ").getBytes(), 1);
        drafts.submit(FRANK, draft.id());
        assertThatThrownBy(() -> drafts.review(IVO, draft.id(), 2, true, "")).isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("saved a revision");
        DraftView shown = drafts.view(IVO, draft.id());
        assertThat(shown.actions().review()).isFalse();
        assertThat(drafts.view(HANA, draft.id()).actions().review()).isTrue();
    }

    @Test
    void aNewRevisionVoidsTheReview() {
        DraftView draft = drafts.create(FRANK, "Form wording", List.of("review-change.form"), List.of(), "BROWSER");
        String form = drafts.file(FRANK, draft.id(), "review-change.form", null).text();
        drafts.save(FRANK, draft.id(), "review-change.form", (form + " ").getBytes(), 1);
        drafts.submit(FRANK, draft.id());
        drafts.review(HANA, draft.id(), 2, true, "ok");
        ModelDrafts.Saved again = drafts.save(FRANK, draft.id(), "review-change.form", (form + "  ").getBytes(), 2);
        assertThat(drafts.view(FRANK, draft.id()).state()).isEqualTo(DraftState.DRAFT);
        assertThatThrownBy(() -> drafts.publish(FRANK, draft.id())).isInstanceOf(ConflictException.class);
        assertThat(again.revision()).isEqualTo(3);
    }

    @Test
    void aDraftWithFindingsIsNotSubmittedAndNothingIsDeployed() {
        long deployments = repository.createDeploymentQuery().count();
        String script = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
                  <bpmn:process id="evil" isExecutable="true"><bpmn:scriptTask id="Run" scriptFormat="groovy">
                  <bpmn:script>x</bpmn:script></bpmn:scriptTask></bpmn:process>
                </bpmn:definitions>
                """;
        DraftView draft = drafts.create(FRANK, "Evil", List.of(),
                List.of(new ModelFile("evil.bpmn", script.getBytes(StandardCharsets.UTF_8))), "BROWSER");
        assertThat(draft.findings()).isNotEmpty().anySatisfy(f -> assertThat(f.elementId()).isEqualTo("Run"));
        assertThatThrownBy(() -> drafts.submit(FRANK, draft.id())).isInstanceOf(ModelRefused.class)
            .hasMessageContaining("Run");
        assertThat(drafts.view(FRANK, draft.id()).state()).isEqualTo(DraftState.DRAFT);
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
    }

    @Test
    void aDecisionTableWithFeelThatCouldStallEveryAssessmentIsNotSubmitted() {
        DraftView draft = drafts.create(FRANK, "Slow FEEL", List.of("change-risk.dmn"), List.of(), "BROWSER");
        String dmn = drafts.file(FRANK, draft.id(), "change-risk.dmn", null).text();
        String slow = dmn.replace("<outputEntry id=\"Out_risk_score_2_0\"><text>40</text></outputEntry>",
                "<outputEntry id=\"Out_risk_score_2_0\"><text>count(for i in 1..10000000 return i)</text></outputEntry>");
        assertThat(slow).isNotEqualTo(dmn);
        ModelDrafts.Saved saved = drafts.save(FRANK, draft.id(), "change-risk.dmn",
                slow.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(saved.findings()).anySatisfy(f -> {
            assertThat(f.elementId()).isEqualTo("Out_risk_score_2_0");
            assertThat(f.rule()).contains("every assessment");
        });
        assertThatThrownBy(() -> drafts.submit(FRANK, draft.id())).isInstanceOf(ModelRefused.class);
    }

    @Test
    void onlyAnalystsChangeModelsAndBadNamesAreRefused() {
        Actor requester = new Actor("alice", Set.of(Role.REQUESTER), Set.of("acme"));
        assertThatThrownBy(() -> drafts.create(requester, "x", List.of("patch-change.bpmn"), List.of(), "BROWSER"))
            .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> drafts.create(ADMIN, "x", List.of("patch-change.bpmn"), List.of(), "BROWSER"))
            .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> drafts.create(FRANK, "x", List.of("../etc/passwd.bpmn"), List.of(), "BROWSER"))
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> drafts.create(FRANK, "x", List.of(),
                List.of(new ModelFile("run.sh", "echo".getBytes())), "BROWSER"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining(".bpmn");
        assertThatThrownBy(() -> drafts.create(FRANK, " ", List.of("patch-change.bpmn"), List.of(), "BROWSER"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("title");
    }

    @Test
    void aNewFilePublishedByAnotherDraftMeanwhileIsNotOverwrittenAndOnlyTheAuthorWithdraws() {
        String form = "{\"id\": \"extra-step\", \"type\": \"default\", \"components\": [], \"schemaVersion\": 19}";
        DraftView first = drafts.create(FRANK, "Extra form, first", List.of(),
                List.of(new ModelFile("extra-step.form", form.getBytes(StandardCharsets.UTF_8))), "BROWSER");
        DraftView second = drafts.create(IVO, "Extra form, second", List.of(),
                List.of(new ModelFile("extra-step.form", (form + " ").getBytes(StandardCharsets.UTF_8))), "BROWSER");
        for (DraftView draft : List.of(first, second)) {
            drafts.submit(FRANK, draft.id());
            drafts.review(HANA, draft.id(), 1, true, "");
        }
        drafts.publish(FRANK, first.id());
        assertThatThrownBy(() -> drafts.publish(IVO, second.id())).isInstanceOf(ConflictException.class)
            .hasMessageContaining("extra-step.form was published again");

        assertThatThrownBy(() -> drafts.withdraw(FRANK, second.id())).isInstanceOf(ForbiddenException.class)
            .hasMessageContaining("ivo");
        assertThat(drafts.view(FRANK, second.id()).actions().withdraw()).isFalse();
        assertThat(drafts.withdraw(IVO, second.id()).state()).isEqualTo(DraftState.WITHDRAWN);
    }

    @Test
    void aPublishedDraftStillSaysWhatItChangedAndIsNotTakenForStale() {
        DraftView draft = drafts.create(FRANK, "Wording and a new form", List.of("approve-blackout.form"),
                List.of(new ModelFile("extra-check.form", Starters.of("extra-check.form"))), "BROWSER");
        String base = draft.files().get(0).baseDeploymentId();
        ModelFile original = drafts.file(FRANK, draft.id(), "approve-blackout.form", null);
        drafts.save(FRANK, draft.id(), "approve-blackout.form",
                original.text().replace("\"Reason\"", "\"Why\"").getBytes(StandardCharsets.UTF_8), 1);
        drafts.submit(FRANK, draft.id());
        drafts.review(HANA, draft.id(), 2, true, "");
        drafts.publish(FRANK, draft.id());

        DraftView published = drafts.view(HANA, draft.id());

        // the live versions are now the draft's own: compared with them it would change
        // nothing, and its copy of approve-blackout.form would look overtaken
        assertThat(published.files())
            .extracting(DraftView.FileView::name, DraftView.FileView::added, DraftView.FileView::changed,
                    DraftView.FileView::stale)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("approve-blackout.form", false, true, false),
                    org.assertj.core.groups.Tuple.tuple("extra-check.form", true, true, false));
        assertThat(published.files().get(0).liveDeploymentId()).isNotEqualTo(base);
        assertThat(drafts.diff(HANA, draft.id(), "approve-blackout.form").changes()).singleElement()
            .satisfies(change -> assertThat(change.properties()).singleElement()
                .satisfies(p -> assertThat(p.before() + " -> " + p.after()).isEqualTo("Reason -> Why")));
        assertThat(drafts.diff(HANA, draft.id(), "extra-check.form").ids(ModelDiff.Change.ADDED))
            .contains("extra-check");
    }

    @Test
    void rollbackPublishesAnEarlierVersionAgainAsANewOne() {
        DraftView draft = drafts.create(FRANK, "Wording", List.of("provide-information.form"), List.of(), "BROWSER");
        ModelFile original = drafts.file(FRANK, draft.id(), "provide-information.form", null);
        drafts.save(FRANK, draft.id(), "provide-information.form", (original.text() + "\n").getBytes(), 1);
        drafts.submit(FRANK, draft.id());
        drafts.review(HANA, draft.id(), 2, true, "");
        Published published = drafts.publish(FRANK, draft.id());
        String shipped = drafts.versions(FRANK)
            .stream()
            .filter(v -> v.version().fileName().equals("provide-information.form") && v.publishedBy() == null)
            .findFirst()
            .orElseThrow()
            .version()
            .deploymentId();

        assertThatThrownBy(() -> drafts.rollback(FRANK, shipped, "provide-information.form", ""))
            .isInstanceOf(InvalidInputException.class);
        // a live file that breaks today's rules already (deployed some other way) does
        // not
        // hold a rollback of another file back: only what the rollback breaks counts
        repository.createDeployment()
            .addString("unlabelled.bpmn",
                    "<?xml version=\"1.0\"?><bpmn:definitions "
                            + "xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
                            + "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" id=\"d\" targetNamespace=\"t\">"
                            + "<bpmn:process id=\"unlabelled\" isExecutable=\"true\" camunda:historyTimeToLive=\"P1D\">"
                            + "<bpmn:startEvent id=\"S\"/></bpmn:process></bpmn:definitions>")
            .deploy();
        Published back = drafts.rollback(FRANK, shipped, "provide-information.form", "the new wording confused people");
        assertThat(back.deploymentId()).isNotEqualTo(published.deploymentId());
        ModelDrafts.VersionView live = drafts.versions(FRANK)
            .stream()
            .filter(v -> v.version().fileName().equals("provide-information.form"))
            .findFirst()
            .orElseThrow();
        assertThat(live.kind()).isEqualTo("ROLLBACK");
        assertThat(live.version().version()).isEqualTo(3);
        assertThatThrownBy(() -> drafts.rollback(FRANK, shipped, "provide-information.form", "again"))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("live one already");
        assertThat(auditKinds()).contains("MODEL_ROLLED_BACK");
    }

    @Test
    void runningInstancesMoveToTheNewVersionOnlyWhenThePlanHoldsForThem() {
        publishDirectly(twoSteps("First step", "Task_Second", "Second step"));
        String waitingAtFirst = runtime.startProcessInstanceByKey("migration-demo", "MIG-1").getId();
        String waitingAtSecond = runtime.startProcessInstanceByKey("migration-demo", "MIG-2").getId();
        org.camunda.bpm.engine.TaskService tasks = taskService();
        tasks.complete(tasks.createTaskQuery().processInstanceId(waitingAtSecond).singleResult().getId());
        assertThat(drafts.migrationCandidates(FRANK, "migration-demo")).isEmpty();

        // version 2: the first step renamed, the second replaced by a step of another id
        publishDirectly(twoSteps("First step, renamed", "Task_Other", "Another step"));
        List<MigrationCheck> checks = drafts.migrationCandidates(FRANK, "migration-demo");
        assertThat(checks).hasSize(2);
        MigrationCheck first = checks.stream()
            .filter(c -> c.instanceId().equals(waitingAtFirst))
            .findFirst()
            .orElseThrow();
        MigrationCheck second = checks.stream()
            .filter(c -> c.instanceId().equals(waitingAtSecond))
            .findFirst()
            .orElseThrow();
        assertThat(first.canMove()).isTrue();
        assertThat(first.fromVersion()).isEqualTo(1);
        assertThat(first.toVersion()).isEqualTo(2);
        assertThat(second.canMove()).isFalse();
        assertThat(String.join(" ", second.reasons())).contains("Task_Second");
        // the check moved nothing
        assertThat(versionOfInstance(waitingAtFirst)).isEqualTo(1);

        assertThatThrownBy(() -> drafts.migrate(FRANK, "migration-demo", List.of(waitingAtFirst, waitingAtSecond)))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("Task_Second");
        assertThat(versionOfInstance(waitingAtFirst)).isEqualTo(1);

        String taskBefore = tasks.createTaskQuery().processInstanceId(waitingAtFirst).singleResult().getId();
        assertThat(drafts.migrate(FRANK, "migration-demo", List.of(waitingAtFirst))).isEqualTo(1);
        assertThat(versionOfInstance(waitingAtFirst)).isEqualTo(2);
        assertThat(tasks.createTaskQuery().processInstanceId(waitingAtFirst).singleResult().getId())
            .isEqualTo(taskBefore);
        assertThat(versionOfInstance(waitingAtSecond)).isEqualTo(1);
        assertThat(auditKinds()).contains("MODEL_MIGRATED");
        assertThatThrownBy(() -> drafts.migrate(new Actor("grace", Set.of(Role.AUDITOR), Set.of()), "migration-demo",
                List.of(waitingAtSecond)))
            .isInstanceOf(ForbiddenException.class);
    }

    @Autowired
    org.camunda.bpm.engine.TaskService taskService;

    private org.camunda.bpm.engine.TaskService taskService() {
        return taskService;
    }

    private int versionOfInstance(String instanceId) {
        String definitionId = runtime.createProcessInstanceQuery()
            .processInstanceId(instanceId)
            .singleResult()
            .getProcessDefinitionId();
        return repository.getProcessDefinition(definitionId).getVersion();
    }

    /** Through the whole lifecycle: drafted by frank, approved by hana, published. */
    private void publishDirectly(String bpmn) {
        List<String> live = drafts.versions(FRANK)
            .stream()
            .map(v -> v.version().fileName())
            .filter("migration-demo.bpmn"::equals)
            .toList();
        DraftView draft = live.isEmpty()
                ? drafts.create(FRANK, "Migration demo", List.of(),
                        List.of(new ModelFile("migration-demo.bpmn", bpmn.getBytes(StandardCharsets.UTF_8))), "BROWSER")
                : drafts.create(FRANK, "Migration demo", live, List.of(), "BROWSER");
        int revision = draft.revision();
        if (!live.isEmpty()) {
            revision = drafts
                .save(FRANK, draft.id(), "migration-demo.bpmn", bpmn.getBytes(StandardCharsets.UTF_8), revision)
                .revision();
        }
        drafts.submit(FRANK, draft.id());
        drafts.review(HANA, draft.id(), revision, true, "");
        drafts.publish(FRANK, draft.id());
    }

    static String twoSteps(String firstName, String secondId, String secondName) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Mig" targetNamespace="t">
                  <bpmn:process id="migration-demo" name="Migration demo" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="Start" name="Started"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
                    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_First" />
                    <bpmn:userTask id="Task_First" name="%s" camunda:candidateGroups="process-analyst"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
                    <bpmn:sequenceFlow id="F2" sourceRef="Task_First" targetRef="%2$s" />
                    <bpmn:userTask id="%2$s" name="%3$s" camunda:candidateGroups="process-analyst"><bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing></bpmn:userTask>
                    <bpmn:sequenceFlow id="F3" sourceRef="%2$s" targetRef="End" />
                    <bpmn:endEvent id="End" name="Done"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
                  </bpmn:process>
                </bpmn:definitions>
                """
            .formatted(firstName, secondId, secondName);
    }

    private List<String> auditKinds() {
        return jdbc.sql("SELECT kind FROM audit_event WHERE kind LIKE 'MODEL_%'").query(String.class).list();
    }

    private int latestVersion() {
        return repository.createProcessDefinitionQuery()
            .processDefinitionKey(PatchChange.PROCESS_KEY)
            .latestVersion()
            .singleResult()
            .getVersion();
    }

    private int definitionVersionOf(ChangeRequest change) {
        String definitionId = runtime.createProcessInstanceQuery()
            .processInstanceId(driver.change(change.id()).processInstanceId())
            .singleResult()
            .getProcessDefinitionId();
        return repository.getProcessDefinition(definitionId).getVersion();
    }

}
