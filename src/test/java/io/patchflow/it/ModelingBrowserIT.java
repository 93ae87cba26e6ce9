package io.patchflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.CabVote;
import io.patchflow.process.model.PatchChange.ReviewDecision;

/**
 * The process analysts' workspace in a real browser (issue 15), the way the issue asks
 * for it: frank adds an approval by a change manager for firmware patches, drawing it
 * with the palette, the context pad and the properties panel of the BPMN editor, and its
 * form with the form editor's palette and properties; the server's findings tell him what
 * is missing, he fixes it and submits; hana reads what the draft changes, as a list and
 * on the diagram, and approves; frank publishes. A change started before keeps its
 * version and goes on without the new step; the next firmware change waits for the change
 * manager, who approves it in his inbox with the new form. Then frank goes back to the
 * version before (a rollback, with a reason), so the later tests run on the shipped
 * model. Screenshots: {@code target/screenshots/<database>/modeling-*.png}, the H2 run's
 * in docs/user-guide-process-analyst.md.
 */
class ModelingBrowserIT extends BrowserTest {

    static final String BPMN = "patch-change.bpmn";

    static final String FORM = "approve-firmware.form";

    static final String TITLE = "Extra approval for firmware patches";

    // what frank draws
    static final String GATEWAY_FIRMWARE = "Gateway_FirmwarePatch";

    static final String TASK_APPROVE_FIRMWARE = "Task_ApproveFirmware";

    static final String GATEWAY_DECISION = "Gateway_FirmwareDecision";

    static final String FLOW_REJECTED = "Flow_FirmwareRejected";

    /** A firmware patch of the demo data: a BIOS update. */
    static final String BIOS = "dell:poweredge-r650-bios:";

    /** An acme server no other test changes. */
    static final String SERVER = "acme-db-01";

    static final Browser.NewContextOptions DESKTOP = new Browser.NewContextOptions().setViewportSize(1440, 1000);

    static final String PANEL = "#model-editor .model-properties";

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAnalystAddsAFirmwareApprovalASecondOneApprovesItAndOnlyTheNextFirmwareChangeWaitsForIt() {
        long bios = DemoLookup.patch(api(), "alice", BIOS);
        long server = DemoLookup.asset(api(), "alice", "acme", SERVER);
        String suffix = Long.toString(System.nanoTime(), 36);
        String before = firmwareChange("BIOS update before the new version (" + suffix + ")", bios, server);
        ApiWalkthroughIT.awaitTask(api(), "bob", before, PatchChange.TASK_REVIEW_TECHNICALLY);
        String definitionBefore = definitionOf(before);

        String draft = frankDrawsTheStep();
        hanaReadsTheChangesAndApproves(draft);
        int version = frankPublishes(draft);

        // The change started before stays on its version (the migration page would move
        // it; frank leaves it) and after its CAB vote goes the old way, to "Record
        // approval".
        Assertions.assertThat(definitionOf(before)).isEqualTo(definitionBefore);
        frankSeesItCouldMove(before);
        approveReviewAndCab(before);

        String after = firmwareChange("BIOS update after the new version (" + suffix + ")", bios, server);
        Assertions.assertThat(version(definitionOf(after))).isEqualTo(version);
        approveReviewAndCab(after);
        daveApprovesTheFirmwarePatch(after);

        await().atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api().get("alice", "/api/changes/" + before).json().path("change"),
                    c -> c.path("status").asText().equals("CLOSED"));
        JsonNode finished = api().get("alice", "/api/changes/" + before).json();
        Assertions.assertThat(finished.path("change").path("outcome").asText()).isEqualTo("SUCCESSFUL");
        Assertions.assertThat(finished.path("steps").findValuesAsText("name"))
            .contains("Vote on change (CAB)", "Record approval", "Close change")
            .doesNotContain("Approve firmware patch");

        frankGoesBack(draft);
        Assertions
            .assertThat(jdbc
                .sql("SELECT actor, kind FROM audit_event WHERE kind LIKE 'MODEL_%' AND (detail LIKE :draft "
                        + "OR kind = 'MODEL_ROLLED_BACK') ORDER BY id")
                .param("draft", "draft " + draft + " %")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
                .list())
            .containsSubsequence("frank MODEL_DRAFT_SAVED", "frank MODEL_SUBMITTED", "hana MODEL_APPROVED",
                    "frank MODEL_PUBLISHED", "frank MODEL_ROLLED_BACK");
    }

    /**
     * The draft, its form in the form editor and the new step in the BPMN editor, until
     * it validates and is submitted; answers the draft's id.
     */
    private String frankDrawsTheStep() {
        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, "frank");
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Models").setExact(true))
                .click();
            page.waitForURL("**/modeling");
            assertThat(page.locator("#live-models")).containsText(BPMN);
            Chromium.assertUsable(page, "/modeling=page");
            page.locator(id("pick-" + BPMN)).check();
            page.locator("#draft-title").fill(TITLE);
            screenshot(page, "modeling-overview.png");
            page.locator("#start-draft").click();
            page.waitForURL(Pattern.compile(".*/modeling/drafts/\\d+$"));
            String draft = page.url().substring(page.url().lastIndexOf('/') + 1);
            assertThat(page.locator(".notice")).hasText("Draft " + draft + " started.");
            assertThat(page.locator("#draft-state")).hasText("draft");
            Chromium.assertUsable(page, "/modeling=true");

            // a new form for the step, a file of the draft
            page.locator("#add-file input[name=file]").fill(FORM);
            page.locator("#add-file button").click();
            assertThat(page.locator(".notice")).hasText("Added " + FORM + ".");
            assertThat(page.locator("#draft-files")).containsText("new file");
            page.locator(id("edit-" + FORM)).click();
            waitForEditor(page);
            drawTheForm(page);
            save(page);
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-form-editor.png");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Draft " + draft + ": " + TITLE)).click();
            page.locator(id("edit-" + BPMN)).click();
            waitForEditor(page);
            drawTheStep(page);

            // saved without the default flow of the decision: the server says so
            save(page);
            assertThat(page.locator("#model-findings")).hasAttribute("data-count", "2");
            assertThat(page.locator("#model-findings"))
                .containsText(GATEWAY_DECISION + " (line " /* the line it is on */);
            assertThat(page.locator("#model-findings")).containsText("has no default flow");
            assertThat(page.locator("#model-findings")).containsText(FLOW_REJECTED);
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-findings.png");

            // the finding shows the gateway; the rejection becomes its default flow
            page.locator("#model-findings button[data-element-id=\"" + GATEWAY_DECISION + "\"]").click();
            assertThat(shape(page, GATEWAY_DECISION)).hasClass(Pattern.compile("\\bselected\\b"));
            BoundingBox decision = box(page, GATEWAY_DECISION);
            selectAt(page, decision.x + decision.width / 2, decision.y + decision.height + 40, FLOW_REJECTED);
            makeDefault(page, "Gateway_Rejected");
            String revision = page.locator("#model-editor").getAttribute("data-revision");
            save(page);
            assertThat(page.locator("#model-findings")).hasAttribute("data-count", "0");
            Assertions.assertThat(Integer.parseInt(page.locator("#model-editor").getAttribute("data-revision")))
                .isEqualTo(Integer.parseInt(revision) + 1);
            screenshot(page, "modeling-bpmn-editor.png");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Draft " + draft + ": " + TITLE)).click();
            assertThat(page.locator("#no-findings")).isVisible();
            Locator changes = page.locator("#changes");
            assertThat(changes).containsText(TASK_APPROVE_FIRMWARE + " userTask “Approve firmware patch”");
            assertThat(changes).containsText("${patchType == 'FIRMWARE'}");
            assertThat(changes).containsText("${recordDecisionListener}");
            assertThat(changes).containsText("firmwareDecision");
            // what the editor leaves out because it is the default is no change
            assertThat(changes).not().containsText("isInterrupting");
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-draft.png");
            page.locator("#submit-draft").click();
            assertThat(page.locator(".notice")).hasText("Submitted for review: a second analyst decides.");
            assertThat(page.locator("#draft-state")).hasText("submitted");
            assertThat(page.locator("#why-not-review")).containsText("you started this draft");
            assertThat(page.locator("#review-form")).hasCount(0);
            return draft;
        }
    }

    /**
     * The form of the step: an explanation, the decision (approve or reject, required)
     * and the reason (required), keyed as the step's properties name them.
     */
    private static void drawTheForm(Page page) {
        BoundingBox canvas = page.locator("#model-editor .model-canvas").boundingBox();
        dragFromFormPalette(page, "text", canvas.x + canvas.width / 2, canvas.y + 150);
        openGroup(page, "general");
        page.locator(PANEL + " #bio-properties-panel-text")
            .fill("### Firmware patch\n\nA firmware update can leave a server unable to boot. Approve it only if the "
                    + "vendor's notes were read and the server can be reached out of band.");
        assertThat(page.locator(".model-canvas .fjs-element h3")).hasText("Firmware patch");

        BoundingBox below = belowTheLastField(page);
        dragFromFormPalette(page, "radio", below.x, below.y);
        openGroup(page, "general");
        page.locator(PANEL + " #bio-properties-panel-label").fill("Decision");
        page.locator(PANEL + " #bio-properties-panel-key").fill("firmwareDecision");
        openGroup(page, "staticOptions");
        openItem(page, "staticOptions-0");
        page.locator(PANEL + " #bio-properties-panel-staticOptions-0-label").fill("Approve");
        page.locator(PANEL + " #bio-properties-panel-staticOptions-0-value").fill("approve");
        addItem(page, "staticOptions");
        openItem(page, "staticOptions-1");
        page.locator(PANEL + " #bio-properties-panel-staticOptions-1-label").fill("Reject");
        page.locator(PANEL + " #bio-properties-panel-staticOptions-1-value").fill("reject");
        openGroup(page, "validation");
        page.locator(PANEL + " #bio-properties-panel-required").check();
        assertThat(page.locator(".model-canvas .fjs-form-field-radio")).containsText("Reject");

        below = belowTheLastField(page);
        dragFromFormPalette(page, "textarea", below.x, below.y);
        openGroup(page, "general");
        page.locator(PANEL + " #bio-properties-panel-label").fill("Reason");
        page.locator(PANEL + " #bio-properties-panel-key").fill("firmwareComment");
        openGroup(page, "validation");
        page.locator(PANEL + " #bio-properties-panel-required").check();
        assertThat(page.locator(".model-canvas .fjs-form-field-textarea")).containsText("Reason");
    }

    /**
     * Between the merge of the approval paths and "Record approval": a gateway that sends
     * firmware patches to a change manager's approval (the other patches go on as
     * before), whose rejection ends like every other rejection, at the merge before
     * "Record rejection" (the change is closed as rejected). Everything but the default
     * flow of the decision, which the findings point out.
     */
    private static void drawTheStep(Page page) {
        // what a step does: the delegate catalogue under its delegate expression
        centre(page, PatchChange.TASK_SCHEDULE_CHANGE);
        select(page, PatchChange.TASK_SCHEDULE_CHANGE);
        openGroup(page, "CamundaPlatform__Implementation");
        Locator help = page.locator(PANEL + " .delegate-help[data-bean=\"scheduleChangeDelegate\"]");
        assertThat(help).containsText("Finds the change's slot");
        assertThat(help).containsText("windowStart");
        screenshot(page, "modeling-delegate-help.png");

        // room on the canvas after the merge: the space tool moves everything right of it
        BoundingBox merge = centre(page, "Gateway_Approved");
        BoundingBox record = box(page, PatchChange.TASK_RECORD_APPROVAL);
        palette(page, "space-tool");
        double x = (merge.x + merge.width + record.x) / 2;
        double y = merge.y + merge.height + 120;
        page.mouse().move(x, y);
        page.mouse().down();
        page.mouse().move(x + 100, y, new Mouse.MoveOptions().setSteps(5));
        page.mouse().move(x + 450, y, new Mouse.MoveOptions().setSteps(10));
        page.mouse().up();
        page.keyboard().press("Escape");

        // a gateway dropped on the flow from the merge to "Record approval" splits it
        palette(page, "create.exclusive-gateway");
        merge = box(page, "Gateway_Approved");
        x = merge.x + merge.width + 110;
        y = merge.y + merge.height / 2;
        page.mouse().move(x - 40, y + 30, new Mouse.MoveOptions().setSteps(3));
        page.mouse().move(x, y, new Mouse.MoveOptions().setSteps(5));
        page.mouse().down();
        page.mouse().up();
        name(page, "Firmware patch?", GATEWAY_FIRMWARE);

        // the user task below it, and its properties
        BoundingBox gateway = box(page, GATEWAY_FIRMWARE);
        palette(page, "create.task");
        x = gateway.x + gateway.width / 2 + 130;
        y = gateway.y + gateway.height / 2 + 150;
        page.mouse().move(x - 50, y - 50, new Mouse.MoveOptions().setSteps(3));
        page.mouse().move(x, y, new Mouse.MoveOptions().setSteps(5));
        page.mouse().down();
        page.mouse().up();
        // a new task's label is open for typing
        page.keyboard().type("Approve firmware patch");
        page.keyboard().press("Enter");
        contextPad(page, "replace");
        page.locator(".djs-popup [data-id=\"replace-with-user-task\"]").click();
        name(page, null, TASK_APPROVE_FIRMWARE);
        openGroup(page, "CamundaPlatform__Form");
        page.locator(PANEL + " #bio-properties-panel-formType").selectOption("formRef");
        field(page, "formRef", "approve-firmware");
        openGroup(page, "CamundaPlatform__UserAssignment");
        field(page, "candidateGroups", "change-manager");
        field(page, "dueDate", "${approvalDeadline}");
        // the listener that records the decision and checks four eyes, on create and
        // complete
        for (String event : List.of("create", "complete")) {
            int index = event.equals("create") ? 0 : 1;
            addItem(page, "CamundaPlatform__TaskListener");
            String listener = TASK_APPROVE_FIRMWARE + "-taskListener-" + index;
            openItem(page, listener);
            page.locator(PANEL + " #bio-properties-panel-" + listener + "-eventType").selectOption(event);
            page.locator(PANEL + " #bio-properties-panel-" + listener + "-listenerType")
                .selectOption("delegateExpression");
            field(page, listener + "-delegateExpression", "${recordDecisionListener}");
        }
        // what the listener records: a further review (ApprovalStep has no firmware
        // step), its decision and reason from the form's keys, four eyes on
        List<List<String>> properties = List.of(List.of("decisionStep", "TECHNICAL_REVIEW"),
                List.of("decisionVariable", "firmwareDecision"), List.of("decisionValues", "approve,reject"),
                List.of("commentVariable", "firmwareComment"), List.of("fourEyes", "true"));
        for (int i = 0; i < properties.size(); i++) {
            addItem(page, "CamundaPlatform__ExtensionProperties");
            String property = TASK_APPROVE_FIRMWARE + "-extensionProperty-" + i;
            openItem(page, property);
            field(page, property + "-name", properties.get(i).get(0));
            field(page, property + "-value", properties.get(i).get(1));
        }
        assertThat(shape(page, TASK_APPROVE_FIRMWARE)).containsText("Approve firmware patch");
        Chromium.assertUsable(page, "/modeling=true");
        screenshot(page, "modeling-bpmn-properties.png");

        connect(page, GATEWAY_FIRMWARE, TASK_APPROVE_FIRMWARE);
        name(page, "firmware", "Flow_Firmware");
        condition(page, "${patchType == 'FIRMWARE'}");

        // the flow on to "Record approval" is taken by every other patch: the default
        gateway = centre(page, GATEWAY_FIRMWARE);
        String otherPatches = selectAt(page, gateway.x + gateway.width + 40, gateway.y + gateway.height / 2, null);
        Assertions.assertThat(otherPatches).startsWith("Flow_");
        makeDefault(page, PatchChange.TASK_RECORD_APPROVAL);
        name(page, "other patches", "Flow_OtherPatches");

        // the change manager's decision
        select(page, TASK_APPROVE_FIRMWARE);
        contextPad(page, "append.gateway");
        name(page, "Firmware decision?", GATEWAY_DECISION);
        connect(page, GATEWAY_DECISION, PatchChange.TASK_RECORD_APPROVAL);
        name(page, "approve", "Flow_FirmwareApproved");
        condition(page, "${firmwareDecision == 'approve'}");
        connect(page, GATEWAY_DECISION, "Gateway_Rejected");
        name(page, "reject", FLOW_REJECTED);
        assertThat(page.locator("#model-editor")).hasAttribute("data-dirty", "true");
    }

    private void hanaReadsTheChangesAndApproves(String draft) {
        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, "hana");
            page.navigate(api().url("/modeling"));
            page.locator("#open-drafts a", new Page.LocatorOptions().setHasText("#" + draft + " " + TITLE)).click();
            page.waitForURL("**/modeling/drafts/" + draft);
            assertThat(page.locator("#draft-state")).hasText("submitted");
            assertThat(page.locator("#changes")).containsText(TASK_APPROVE_FIRMWARE);
            assertThat(page.locator("#review-form")).isVisible();

            page.locator(id("diff-" + BPMN)).click();
            assertThat(page.locator("#model-diff")).hasAttribute("data-state", "ready");
            for (String added : List.of(GATEWAY_FIRMWARE, TASK_APPROVE_FIRMWARE, GATEWAY_DECISION, FLOW_REJECTED)) {
                assertThat(page.locator(".diff-after [data-element-id=\"" + added + "\"].diff-added")).hasCount(1);
            }
            assertThat(page.locator(".diff-after [data-element-id=\"Flow_Approved\"].diff-changed")).hasCount(1);
            assertThat(page.locator("#diff-summary")).hasText("8 added, 0 removed, 1 changed");
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-diff.png");

            page.goBack();
            page.locator("#review-comment")
                .fill("Only firmware patches get the extra step; a rejection ends the change as rejected.");
            page.locator("#approve-draft").click();
            assertThat(page.locator(".notice")).hasText("Approved: it may be published now.");
            assertThat(page.locator("#draft-state")).hasText("approved");
            assertThat(page.locator("#draft-reviews")).containsText("approved by hana");
            assertThat(page.locator("#publish-draft")).isVisible();
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-review.png");
        }
    }

    /** Publishes the approved draft; answers the new version of the change process. */
    private int frankPublishes(String draft) {
        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, "frank");
            page.navigate(api().url("/modeling/drafts/" + draft));
            page.locator("#publish-draft").click();
            Locator notice = page.locator(".notice");
            assertThat(notice).containsText(FORM + " version 1");
            assertThat(notice).containsText("running ones stay on their version");
            Matcher published = Pattern.compile(Pattern.quote(BPMN) + " version (\\d+)").matcher(notice.textContent());
            Assertions.assertThat(published.find()).as(notice.textContent()).isTrue();
            assertThat(page.locator("#draft-state")).hasText("published");
            // its page still says what it changed, against the version it copied
            assertThat(page.locator("#draft-files")).containsText("Compared with the version it copied");
            assertThat(page.locator("#draft-files")).not().containsText("published again since");
            assertThat(page.locator("#changes")).containsText(TASK_APPROVE_FIRMWARE);
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-published.png");
            return Integer.parseInt(published.group(1));
        }
    }

    /** The migration page offers to move the change; frank leaves it where it is. */
    private void frankSeesItCouldMove(String change) {
        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, "frank");
            page.navigate(api().url("/modeling/migration/" + PatchChange.PROCESS_KEY));
            Locator row = page.locator("#migration-checks tr", new Page.LocatorOptions().setHasText(change));
            assertThat(row).containsText("yes");
            assertThat(row.getByRole(AriaRole.CHECKBOX)).isChecked();
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-migration.png");
        }
    }

    private void daveApprovesTheFirmwarePatch(String change) {
        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, "dave");
            Locator row = page.locator("#inbox-tasks tr", new Page.LocatorOptions().setHasText(change + " "));
            Locator link = row.locator("a.task-link",
                    new Locator.LocatorOptions().setHasText("Approve firmware patch"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (link.count() > 0) {
                    return true;
                }
                page.reload();
                return false;
            });
            Chromium.assertUsable(page, "/inbox=page");
            screenshot(page, "modeling-firmware-inbox.png");
            link.click();
            page.waitForURL("**/tasks/**");
            assertThat(page.locator("#task-name")).hasText("Approve firmware patch");
            assertThat(page.locator("#diagram [data-element-id=\"" + TASK_APPROVE_FIRMWARE + "\"]"))
                .hasClass(Pattern.compile("\\bcurrent\\b"));
            page.getByLabel("Approve", new Page.GetByLabelOptions().setExact(true)).check();
            page.getByLabel("Reason").fill("Vendor notes read; the server's iDRAC answers for a rollback.");
            Chromium.assertUsable(page, "/inbox=true");
            screenshot(page, "modeling-firmware-task.png");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            page.waitForURL("**/inbox");
        }
        JsonNode approvals = api().get("alice", "/api/changes/" + change).json().path("approvals");
        Assertions.assertThat(approvals.findValuesAsText("decidedBy")).containsExactly("bob", "bob", "dave");
        Assertions.assertThat(approvals.toString())
            .contains("Vendor notes read; the server's iDRAC answers for a rollback.");
        await().atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> api().get("alice", "/api/changes/" + change).json().path("steps").findValuesAsText("name"),
                    steps -> steps.contains("Record approval"));
    }

    /** The version before is published again, with a reason and without a review. */
    private void frankGoesBack(String draft) {
        try (BrowserContext context = browser.newContext(DESKTOP)) {
            Page page = signIn(context, "frank");
            page.navigate(api().url("/modeling/files/" + BPMN));
            Locator versions = page.locator("#versions tbody tr");
            assertThat(versions.first()).containsText("draft " + draft);
            assertThat(versions.first()).containsText("live");
            Locator previous = versions.nth(1);
            previous.getByLabel("Reason").fill("The firmware approval was a demonstration; back to the shipped route.");
            Chromium.assertUsable(page, "/modeling=true");
            previous.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Go back to this version"))
                .click();
            assertThat(page.locator(".notice")).containsText(BPMN + " is back to that version, published again");
            assertThat(versions.first()).containsText("frank (rollback)");
            Chromium.assertUsable(page, "/modeling=true");
            screenshot(page, "modeling-versions.png");
        }
    }

    // --- changes, through the API as a requester and approvers would

    private String firmwareChange(String title, long patch, long asset) {
        return api()
            .post("alice", "/api/changes",
                    Map.of("customerId", "acme", "title", title, "patchIds", List.of(patch), "assetIds",
                            List.of(asset)))
            .json()
            .path("id")
            .asText();
    }

    private void approveReviewAndCab(String change) {
        String review = ApiWalkthroughIT.awaitTask(api(), "bob", change, PatchChange.TASK_REVIEW_TECHNICALLY).get(0);
        Assertions
            .assertThat(
                    api()
                        .post("bob", "/api/tasks/" + review + "/complete",
                                Map.of("variables", Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE)))
                        .status())
            .isEqualTo(204);
        String seat = ApiWalkthroughIT.awaitTask(api(), "bob", change, PatchChange.TASK_APPROVE_CHANGE).get(0);
        Assertions
            .assertThat(
                    api()
                        .post("bob", "/api/tasks/" + seat + "/complete",
                                Map.of("variables", Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE)))
                        .status())
            .isEqualTo(204);
    }

    /** The process definition a change runs on, as the admin's engine API says. */
    private String definitionOf(String change) {
        JsonNode instances = api().get("admin", "/engine-rest/process-instance?businessKey=" + change).json();
        Assertions.assertThat(instances).as("running instance of %s", change).hasSize(1);
        return instances.get(0).path("definitionId").asText();
    }

    private int version(String definitionId) {
        return api().get("admin", "/engine-rest/process-definition/" + definitionId).json().path("version").asInt();
    }

    // --- the editors, as a person works them

    private static void waitForEditor(Page page) {
        assertThat(page.locator("#model-editor")).hasAttribute("data-state", "ready",
                new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
    }

    private static void save(Page page) {
        page.locator("#model-save").click();
        assertThat(page.locator("#model-editor")).hasAttribute("data-last-save", "saved");
        assertThat(page.locator("#model-editor")).hasAttribute("data-dirty", "false");
        assertThat(page.locator("#model-status")).containsText("Saved as revision");
    }

    private static void palette(Page page, String action) {
        page.locator(".djs-palette .entry[data-action=\"" + action + "\"]").click();
    }

    private static void contextPad(Page page, String action) {
        page.locator(".djs-context-pad .entry[data-action=\"" + action + "\"]").click();
    }

    private static Locator shape(Page page, String id) {
        return page.locator(".model-canvas .djs-element[data-element-id=\"" + id + "\"]");
    }

    private static BoundingBox box(Page page, String id) {
        return shape(page, id).boundingBox();
    }

    /**
     * Scrolls the diagram with the mouse wheel until the element is in the middle of the
     * canvas; answers where it is then.
     */
    private static BoundingBox centre(Page page, String id) {
        return centre(page, id, id);
    }

    /**
     * Scrolls the diagram with the mouse wheel until the point halfway between two
     * elements is in the middle of the canvas; answers where the first is then.
     */
    private static BoundingBox centre(Page page, String one, String other) {
        BoundingBox canvas = page.locator("#model-editor .model-canvas").boundingBox();
        double middleX = canvas.x + canvas.width / 2;
        double middleY = canvas.y + canvas.height / 2;
        for (int i = 0;; i++) {
            BoundingBox first = box(page, one);
            BoundingBox second = box(page, other);
            double dx = (first.x + first.width / 2 + second.x + second.width / 2) / 2 - middleX;
            double dy = (first.y + first.height / 2 + second.y + second.height / 2) / 2 - middleY;
            if (Math.abs(dx) < 20 && Math.abs(dy) < 20 || i == 10) {
                return first;
            }
            page.mouse().move(middleX, middleY);
            // bpmn-js scrolls by three quarters of the wheel's delta
            page.mouse().wheel(dx / 0.75, dy / 0.75);
        }
    }

    /** Selects the shape by a click in its middle. */
    private static void select(Page page, String id) {
        BoundingBox shape = box(page, id);
        selectAt(page, shape.x + shape.width / 2, shape.y + shape.height / 2, id);
    }

    /**
     * Clicks at this point of the canvas and answers the id of what it selected. For 400
     * ms after a drag ends (a connection drawn, a shape dropped) diagram-js ignores a
     * click, taking it for the drag's ghost click; a person is slower than that, a test
     * is not, so it clicks again once that is over.
     */
    private static String selectAt(Page page, double x, double y, String expected) {
        page.mouse().move(x, y, new Mouse.MoveOptions().setSteps(3));
        String hit = (String) page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); "
                + "const c = e && e.closest('.model-canvas [data-element-id]'); return c ? c.dataset.elementId : null; }",
                List.of(x, y));
        Assertions.assertThat(hit).as("what is at %s, %s", x, y).isNotNull();
        if (expected != null) {
            Assertions.assertThat(hit).isEqualTo(expected);
        }
        Locator selected = shape(page, hit);
        for (int attempt = 1;; attempt++) {
            page.mouse().down();
            page.mouse().up();
            try {
                assertThat(selected).hasClass(Pattern.compile("\\bselected\\b"),
                        new LocatorAssertions.HasClassOptions().setTimeout(500));
                return hit;
            }
            catch (AssertionFailedError notYet) {
                if (attempt == 2) {
                    throw notYet;
                }
            }
        }
    }

    /**
     * Makes the selected flow its gateway's default flow, with the replace menu (key R).
     * The menu opens where the flow ends, so the diagram is scrolled to there first: at
     * the canvas's edge the menu would be cut off.
     */
    private static void makeDefault(Page page, String target) {
        centre(page, target);
        page.keyboard().press("r");
        page.locator(".djs-popup [data-id=\"replace-with-default-flow\"]").click();
    }

    /** Connects two shapes with the context pad's connect tool. */
    private static void connect(Page page, String from, String to) {
        centre(page, from, to);
        select(page, from);
        contextPad(page, "connect");
        BoundingBox target = box(page, to);
        double x = target.x + target.width / 2;
        double y = target.y + target.height / 2;
        page.mouse().move(x - 5, y - 5, new Mouse.MoveOptions().setSteps(5));
        page.mouse().move(x, y, new Mouse.MoveOptions().setSteps(2));
        page.mouse().down();
        page.mouse().up();
    }

    /** The name (unless null) and id of the selected element, in the properties panel. */
    private static void name(Page page, String name, String id) {
        openGroup(page, "general");
        if (name != null) {
            field(page, "name", name);
        }
        field(page, "id", id);
        assertThat(page.locator(".model-canvas .djs-element.selected")).hasAttribute("data-element-id", id);
    }

    private static void condition(Page page, String expression) {
        openGroup(page, "CamundaPlatform__Condition");
        page.locator(PANEL + " #bio-properties-panel-conditionType").selectOption("expression");
        field(page, "conditionExpression", expression);
    }

    private static void field(Page page, String entry, String value) {
        page.locator(PANEL + " #bio-properties-panel-" + entry).fill(value);
    }

    private static void openGroup(Page page, String group) {
        Locator header = page
            .locator(PANEL + " [data-group-id=\"group-" + group + "\"] .bio-properties-panel-group-header");
        if (!header.getAttribute("class").contains("open")) {
            header.click();
        }
    }

    private static void addItem(Page page, String group) {
        page.locator(PANEL + " [data-group-id=\"group-" + group
                + "\"] .bio-properties-panel-group-header .bio-properties-panel-add-entry")
            .click();
    }

    /** Opens a list item of the panel (a listener, a property, an option). */
    private static void openItem(Page page, String entry) {
        Locator item = page.locator(PANEL + " [data-entry-id=\"" + entry + "\"]");
        if (!item.locator(".bio-properties-panel-collapsible-entry-entries").getAttribute("class").contains("open")) {
            item.locator(".bio-properties-panel-collapsible-entry-header").click();
        }
    }

    /** Drags a component from the form editor's palette and drops it at this point. */
    private static void dragFromFormPalette(Page page, String type, double x, double y) {
        BoundingBox from = page.locator(".fjs-palette-field[data-field-type=\"" + type + "\"]").boundingBox();
        double startX = from.x + from.width / 2;
        double startY = from.y + from.height / 2;
        int before = page.locator(".model-canvas .fjs-element[data-id]").count();
        page.mouse().move(startX, startY);
        page.mouse().down();
        page.mouse().move(startX + 20, startY + 5, new Mouse.MoveOptions().setSteps(3));
        page.mouse().move(x, y, new Mouse.MoveOptions().setSteps(15));
        page.mouse().move(x + 2, y + 2, new Mouse.MoveOptions().setSteps(2));
        page.mouse().up();
        assertThat(page.locator(".model-canvas .fjs-element[data-id]")).hasCount(before + 1);
    }

    /** A point in the empty space under the form's last row, where a new row begins. */
    private static BoundingBox belowTheLastField(Page page) {
        BoundingBox last = page.locator(".model-canvas .fjs-layout-row").last().boundingBox();
        BoundingBox point = new BoundingBox();
        point.x = last.x + 40;
        point.y = last.y + last.height + 40;
        return point;
    }

    private static String id(String value) {
        return "[id=\"" + value + "\"]";
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true));
    }

}
