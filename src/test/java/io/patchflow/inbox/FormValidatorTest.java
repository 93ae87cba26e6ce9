package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.BackupResolution;
import io.patchflow.process.model.PatchChange.CabVote;
import io.patchflow.process.model.PatchChange.EmergencyDecision;
import io.patchflow.process.model.PatchChange.GateDecision;
import io.patchflow.process.model.PatchChange.ReviewDecision;
import io.patchflow.shared.InvalidInputException;

/** Runs against the forms the process really uses, so a changed form shows up here. */
class FormValidatorTest {

    private static String form(String name) throws IOException {
        return Files.readString(io.patchflow.testsupport.RepositoryFiles.path("forms", name + ".form"));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String form, Map<String, Object> input,
            String field) throws IOException {
        String schema = form(form);
        return assertThatThrownBy(() -> FormValidator.validate(schema, input))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void fieldTheFormDoesNotHaveIsRefusedByName() throws IOException {
        assertRefused("review-change",
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE, "approvedBy", "mallory"), "approvedBy")
            .hasMessageContaining("approvedBy is not a field of this form");
    }

    @Test
    void displayOnlyTextOfTheFormIsNotAField() throws IOException {
        assertRefused("review-change",
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE, "Text_Intro", "x"), "Text_Intro");
    }

    @Test
    void missingRequiredChoiceIsRefused() throws IOException {
        assertRefused("review-change", Map.of(PatchChange.VAR_REVIEW_COMMENT, "fine"), PatchChange.VAR_REVIEW_DECISION)
            .hasMessageContaining("Decision is required");
    }

    @Test
    void missingSubmissionIsRefusedForItsRequiredField() throws IOException {
        assertRefused("vote-on-change", null, PatchChange.VAR_CAB_VOTE);
    }

    @Test
    void blankRequiredTextIsRefused() throws IOException {
        assertRefused("decide-wave-gate",
                Map.of(PatchChange.VAR_GATE_DECISION, GateDecision.CONTINUE, PatchChange.VAR_GATE_COMMENT, "   \n"),
                PatchChange.VAR_GATE_COMMENT)
            .hasMessageContaining("Reason is required");
    }

    @Test
    void choiceOutsideTheOfferedValuesIsRefusedNamingTheField() throws IOException {
        assertRefused("review-change", Map.of(PatchChange.VAR_REVIEW_DECISION, "approve-with-conditions"),
                PatchChange.VAR_REVIEW_DECISION)
            .hasMessageContaining("Decision must be one of [approve, reject, needs-info]");
    }

    @Test
    void choiceOfAnotherFormIsRefused() throws IOException {
        // roll-back belongs to the wave gate; the technical review must not accept it.
        assertRefused("review-change", Map.of(PatchChange.VAR_REVIEW_DECISION, GateDecision.ROLL_BACK),
                PatchChange.VAR_REVIEW_DECISION);
    }

    @Test
    void numberGivenForAChoiceIsRefused() throws IOException {
        assertRefused("review-change", Map.of(PatchChange.VAR_REVIEW_DECISION, 1), PatchChange.VAR_REVIEW_DECISION)
            .hasMessageContaining("must be one of the offered choices");
    }

    @Test
    void booleanGivenForAChoiceIsRefused() throws IOException {
        assertRefused("vote-on-change", Map.of(PatchChange.VAR_CAB_VOTE, true), PatchChange.VAR_CAB_VOTE);
    }

    @Test
    void numberGivenForATextIsRefused() throws IOException {
        assertRefused("review-change",
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.REJECT, PatchChange.VAR_REVIEW_COMMENT, 42),
                PatchChange.VAR_REVIEW_COMMENT)
            .hasMessageContaining("must be text");
    }

    @Test
    void textLongerThanItsLimitIsRefused() throws IOException {
        assertRefused("review-change",
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.REJECT, PatchChange.VAR_REVIEW_COMMENT,
                        "x".repeat(2001)),
                PatchChange.VAR_REVIEW_COMMENT)
            .hasMessageContaining("at most 2000 characters");
    }

    @Test
    void textExactlyAtItsLimitIsAccepted() throws IOException {
        String comment = "x".repeat(2000);

        assertThat(FormValidator.validate(form("review-change"), Map.of(PatchChange.VAR_REVIEW_DECISION,
                ReviewDecision.REJECT, PatchChange.VAR_REVIEW_COMMENT, comment)))
            .containsEntry(PatchChange.VAR_REVIEW_COMMENT, comment);
    }

    @Test
    void eachFormHasItsOwnTextLimit() throws IOException {
        String answer = "y".repeat(3000);

        assertThat(FormValidator.validate(form("provide-information"), Map.of(PatchChange.VAR_INFORMATION, answer)))
            .containsEntry(PatchChange.VAR_INFORMATION, answer);
        assertRefused("provide-information", Map.of(PatchChange.VAR_INFORMATION, "y".repeat(4001)),
                PatchChange.VAR_INFORMATION);
    }

    @Test
    void validInputIsReturnedWithTextStripped() throws IOException {
        Map<String, Object> input = Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.NEEDS_INFO,
                PatchChange.VAR_REVIEW_COMMENT, "  which reboot order?\n");

        assertThat(FormValidator.validate(form("review-change"), input))
            .containsExactlyInAnyOrderEntriesOf(Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.NEEDS_INFO,
                    PatchChange.VAR_REVIEW_COMMENT, "which reboot order?"));
    }

    @Test
    void omittedFieldTheFormHidesIsLeftOut() throws IOException {
        Map<String, Object> input = new HashMap<>();
        input.put(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE);
        input.put(PatchChange.VAR_CAB_COMMENT, null);

        assertThat(FormValidator.validate(form("vote-on-change"), input))
            .containsExactlyEntriesOf(Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE));
    }

    // --- what a field is required for, as the form states it (conditional.hide) ---

    @ParameterizedTest
    @CsvSource({ "review-change, reviewDecision, reviewComment, reject",
            "review-change, reviewDecision, reviewComment, needs-info",
            "approve-emergency, emergencyDecision, emergencyComment, reject",
            "approve-emergency, emergencyDecision, emergencyComment, needs-info",
            "vote-on-change, cabVote, cabComment, reject", "vote-on-change, cabVote, cabComment, needs-info" })
    void rejectingOrAskingWithoutSayingWhyIsRefusedNamingTheField(String form, String decision, String comment,
            String choice) throws IOException {
        assertRefused(form, Map.of(decision, choice), comment)
            .hasMessage("Why you reject, or your question for the requester is required");
        assertRefused(form, Map.of(decision, choice, comment, " \n "), comment);
    }

    @ParameterizedTest
    @CsvSource({ "review-change, reviewDecision, reviewComment",
            "approve-emergency, emergencyDecision, emergencyComment", "vote-on-change, cabVote, cabComment" })
    void approvingNeedsNoReasonAndTheFormDoesNotAskForOne(String form, String decision, String comment)
            throws IOException {
        assertThat(FormValidator.validate(form(form), Map.of(decision, "approve")))
            .containsExactlyEntriesOf(Map.of(decision, "approve"));
        // the browser hides the field and never sends it; neither may another client
        assertRefused(form, Map.of(decision, "approve", comment, "tested in staging"), comment)
            .hasMessageContaining("is not asked for these answers")
            .hasMessageContaining("the form hides it when not(" + decision + " = \"reject\"");
    }

    @Test
    void aReasonGivenWithTheRejectionIsKept() throws IOException {
        assertThat(
                FormValidator.validate(form("approve-emergency"),
                        Map.of(PatchChange.VAR_EMERGENCY_DECISION, EmergencyDecision.REJECT,
                                PatchChange.VAR_EMERGENCY_COMMENT, "  not an emergency ")))
            .containsEntry(PatchChange.VAR_EMERGENCY_COMMENT, "not an emergency");
    }

    @Test
    void aMissingDecisionIsNamedBeforeTheReasonItWouldNeed() throws IOException {
        assertRefused("review-change", Map.of(PatchChange.VAR_REVIEW_COMMENT, "why not"),
                PatchChange.VAR_REVIEW_DECISION);
    }

    @ParameterizedTest
    @ValueSource(strings = { "approve-blackout", "approve-emergency", "decide-wave-gate", "provide-information",
            "resolve-backup-failure", "review-change", "review-emergency", "review-implementation", "vote-on-change" })
    void theServerCanCheckEveryShippedForm(String name) throws IOException {
        // a form the server cannot judge as the browser does fails here (and at
        // deployment), not in a person's request
        FormValidator.check(form(name));
        assertThat(FormValidator.fieldKeys(form(name))).isNotEmpty();
    }

    @Test
    void aConditionTheServerCannotEvaluateIsRefusedInsteadOfGuessed() {
        String schema = """
                {"components":[{"type":"radio","key":"b","values":[{"value":"x"}]},
                 {"type":"textfield","key":"a","conditional":{"hide":"=contains(b, \\"x\\")"}}]}""";

        assertThatThrownBy(() -> FormValidator.check(schema)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot check the form condition");
        assertThatThrownBy(() -> FormValidator.validate(schema, Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "note", "processVariable" })
    void aConditionOnATextOrOnAnythingButTheFormsChoicesIsRefused(String read) {
        // the browser sees an emptied text as "", the server sees it absent; and a
        // variable that is not a field of the form is not in the submission at all
        String schema = """
                {"components":[{"type":"textfield","key":"note"},
                 {"type":"textarea","key":"a","conditional":{"hide":"=%s = null"}}]}""".formatted(read);

        assertThatThrownBy(() -> FormValidator.check(schema)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("reads " + read + ", which is not a choice, checkbox or number field");
    }

    @Test
    void aFieldOfATypeTheServerDoesNotCheckIsRefused() {
        assertThatThrownBy(() -> FormValidator.check("""
                {"components":[{"type":"datetime","key":"when"}]}""")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("when has a type the server cannot check: datetime");
    }

    @Test
    void conditionsCompareWithNullAndCombineLikeFeel() {
        FormCondition condition = FormCondition.parse("=not(a = \"x\" or a = \"y\") and b != null");
        Map<String, Object> none = new HashMap<>();

        assertThat(condition.test(none)).isFalse();
        assertThat(condition.test(Map.of("b", "set"))).isTrue();
        assertThat(condition.test(Map.of("a", "x", "b", "set"))).isFalse();
        assertThat(condition.names()).containsExactly("a", "b");
        assertThat(FormCondition.parse("=(n = 2) or n = true").test(Map.of("n", 2.0))).isTrue();
        assertThat(FormCondition.parse("=s = \"or\"").test(Map.of("s", "or"))).isTrue();
    }

    @Test
    void conditionsAreReadAsFormJsReadsThemAsUnaryTestsWithFeelsNulls() {
        // each case as feelin's unaryTest (form-js 1.23) answers it: "1" = 1 is null,
        // a null result is a match, "1" != 1 is true, not(...) alone negates the test
        // and not(...) inside an expression is three-valued
        assertThat(FormCondition.parse("=n = 1").test(Map.of("n", "1"))).isTrue();
        assertThat(FormCondition.parse("=not(n = 1)").test(Map.of("n", "1"))).isFalse();
        assertThat(FormCondition.parse("=n != 1").test(Map.of("n", "1"))).isTrue();
        assertThat(FormCondition.parse("=n = 1 or m = 2").test(Map.of("n", "1", "m", 2))).isTrue();
        assertThat(FormCondition.parse("=not(n = 1 and m = 2)").test(Map.of("n", "1", "m", 3))).isTrue();
        assertThat(FormCondition.parse("=not(n = 1 and m = 2)").test(Map.of("n", "1", "m", 2))).isFalse();
        assertThat(FormCondition.parse("=a = null").test(Map.of())).isTrue();
        assertThat(FormCondition.parse("=not(a = \"x\")").test(Map.of())).isTrue();
        assertThat(FormCondition.parse("=a = \"x\"").test(Map.of())).isFalse();
        assertThat(FormCondition.parse("=true = true").test(Map.of())).isTrue();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = { "none, true", "approve, true", "reject, false", "needs-info, false" })
    void theReviewFormHidesItsReasonUnlessTheDecisionRejectsOrAsks(String decision, boolean hidden) {
        Map<String, Object> values = new HashMap<>();
        values.put(PatchChange.VAR_REVIEW_DECISION, decision);

        assertThat(FormCondition.parse("=not(reviewDecision = \"reject\" or reviewDecision = \"needs-info\")")
            .test(values)).isEqualTo(hidden);
    }

    @ParameterizedTest
    @ValueSource(strings = { BackupResolution.RETRY, BackupResolution.ABORT, BackupResolution.WAIVE })
    void everyOfferedChoiceIsAccepted(String resolution) throws IOException {
        assertThat(
                FormValidator.validate(form("resolve-backup-failure"),
                        Map.of(PatchChange.VAR_BACKUP_RESOLUTION, resolution, PatchChange.VAR_BACKUP_COMMENT,
                                "agreed with the site owner")))
            .containsEntry(PatchChange.VAR_BACKUP_RESOLUTION, resolution);
    }

}
