package io.patchflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertRefused("review-change", Map.of("reviewDecision", "approve", "approvedBy", "mallory"), "approvedBy")
                .hasMessageContaining("approvedBy is not a field of this form");
    }

    @Test
    void displayOnlyTextOfTheFormIsNotAField() throws IOException {
        assertRefused("review-change", Map.of("reviewDecision", "approve", "Text_Intro", "x"), "Text_Intro");
    }

    @Test
    void missingRequiredChoiceIsRefused() throws IOException {
        assertRefused("review-change", Map.of("reviewComment", "fine"), "reviewDecision")
                .hasMessageContaining("Decision is required");
    }

    @Test
    void missingSubmissionIsRefusedForItsRequiredField() throws IOException {
        assertRefused("vote-on-change", null, "cabVote");
    }

    @Test
    void blankRequiredTextIsRefused() throws IOException {
        assertRefused("decide-wave-gate", Map.of("gateDecision", "continue", "gateComment", "   \n"), "gateComment")
                .hasMessageContaining("Reason is required");
    }

    @Test
    void choiceOutsideTheOfferedValuesIsRefusedNamingTheField() throws IOException {
        assertRefused("review-change", Map.of("reviewDecision", "approve-with-conditions"), "reviewDecision")
                .hasMessageContaining("Decision must be one of [approve, reject, needs-info]");
    }

    @Test
    void choiceOfAnotherFormIsRefused() throws IOException {
        // "roll-back" belongs to the wave gate; the technical review must not accept it.
        assertRefused("review-change", Map.of("reviewDecision", "roll-back"), "reviewDecision");
    }

    @Test
    void numberGivenForAChoiceIsRefused() throws IOException {
        assertRefused("review-change", Map.of("reviewDecision", 1), "reviewDecision")
                .hasMessageContaining("must be one of the offered choices");
    }

    @Test
    void booleanGivenForAChoiceIsRefused() throws IOException {
        assertRefused("vote-on-change", Map.of("cabVote", true), "cabVote");
    }

    @Test
    void numberGivenForATextIsRefused() throws IOException {
        assertRefused("review-change", Map.of("reviewDecision", "approve", "reviewComment", 42), "reviewComment")
                .hasMessageContaining("must be text");
    }

    @Test
    void textLongerThanItsLimitIsRefused() throws IOException {
        assertRefused("review-change", Map.of("reviewDecision", "reject", "reviewComment", "x".repeat(2001)),
                "reviewComment")
                .hasMessageContaining("at most 2000 characters");
    }

    @Test
    void textExactlyAtItsLimitIsAccepted() throws IOException {
        String comment = "x".repeat(2000);

        assertThat(FormValidator.validate(form("review-change"), Map.of("reviewDecision", "reject", "reviewComment", comment)))
                .containsEntry("reviewComment", comment);
    }

    @Test
    void eachFormHasItsOwnTextLimit() throws IOException {
        String answer = "y".repeat(3000);

        assertThat(FormValidator.validate(form("provide-information"), Map.of("information", answer)))
                .containsEntry("information", answer);
        assertRefused("provide-information", Map.of("information", "y".repeat(4001)), "information");
    }

    @Test
    void validInputIsReturnedWithTextStripped() throws IOException {
        Map<String, Object> input = Map.of("reviewDecision", "needs-info", "reviewComment", "  which reboot order?\n");

        assertThat(FormValidator.validate(form("review-change"), input))
                .containsExactlyInAnyOrderEntriesOf(Map.of("reviewDecision", "needs-info",
                        "reviewComment", "which reboot order?"));
    }

    @Test
    void omittedOptionalFieldIsLeftOut() throws IOException {
        Map<String, Object> input = new HashMap<>();
        input.put("cabVote", "approve");
        input.put("cabComment", null);

        assertThat(FormValidator.validate(form("vote-on-change"), input))
                .containsExactlyEntriesOf(Map.of("cabVote", "approve"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"retry", "abort", "waive"})
    void everyOfferedChoiceIsAccepted(String resolution) throws IOException {
        assertThat(FormValidator.validate(form("resolve-backup-failure"),
                Map.of("backupResolution", resolution, "backupComment", "agreed with the site owner")))
                .containsEntry("backupResolution", resolution);
    }
}
