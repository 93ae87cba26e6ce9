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
import org.junit.jupiter.params.provider.ValueSource;

import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchChange.BackupResolution;
import io.patchflow.process.model.PatchChange.CabVote;
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
                Map.of(PatchChange.VAR_REVIEW_DECISION, ReviewDecision.APPROVE, PatchChange.VAR_REVIEW_COMMENT, 42),
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
    void omittedOptionalFieldIsLeftOut() throws IOException {
        Map<String, Object> input = new HashMap<>();
        input.put(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE);
        input.put(PatchChange.VAR_CAB_COMMENT, null);

        assertThat(FormValidator.validate(form("vote-on-change"), input))
            .containsExactlyEntriesOf(Map.of(PatchChange.VAR_CAB_VOTE, CabVote.APPROVE));
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
