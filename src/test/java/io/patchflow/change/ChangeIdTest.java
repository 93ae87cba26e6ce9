package io.patchflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.patchflow.shared.NotFoundException;

class ChangeIdTest {

    @ParameterizedTest
    @ValueSource(strings = { "CHG-42", "chg-42", "Chg-42", "42" })
    void parsesThePublicIdWithOrWithoutItsPrefix(String text) {
        assertThat(ChangeId.parse(text)).isEqualTo(new ChangeId(42));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = { "CHG-0", "0", "CHG--7", "-7", "CHG-x", "CHG-", "CHG", "CHG-42x", "CHG-99999999999999999999" })
    void refusesTextThatNamesNoChange(String text) {
        // Unparseable ids read as "no such change", never as a server error.
        assertThatThrownBy(() -> ChangeId.parse(text)).isInstanceOf(NotFoundException.class)
            .hasMessage("no change " + text);
    }

    @Test
    void printsWithItsPrefix() {
        assertThat(new ChangeId(42)).hasToString("CHG-42");
    }

    @Test
    void printedIdParsesBackToTheSameId() {
        ChangeId id = new ChangeId(1234567);

        assertThat(ChangeId.parse(id.toString())).isEqualTo(id);
    }

}
