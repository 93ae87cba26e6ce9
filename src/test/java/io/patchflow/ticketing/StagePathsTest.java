package io.patchflow.ticketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StagePathsTest {

    private static final Map<TicketStage, String> DEFAULTS = Map.of(TicketStage.IMPLEMENTING, "In Progress",
            TicketStage.CLOSED, "In Progress,In Review,Done");

    private static StagePaths paths(Map<String, String> settings) {
        return StagePaths.of(
                new TicketingConnection("acme", "jira", URI.create("https://acme.example"), "u", "s", settings),
                DEFAULTS);
    }

    @Test
    void aTicketOnNoPathWalksTheWholePathOfTheStage() {
        assertThat(paths(Map.of()).stepsTo(TicketStage.CLOSED, "To Do", false)).containsExactly("In Progress",
                "In Review", "Done");
    }

    @Test
    void aTicketPartWayAlongGoesOnFromWhereItIs() {
        assertThat(paths(Map.of()).stepsTo(TicketStage.CLOSED, "in progress", false)).containsExactly("In Review",
                "Done");
    }

    @Test
    void aTicketAtTheStageOrFurtherAlongALaterStageIsLeftAlone() {
        StagePaths paths = paths(Map.of());
        assertThat(paths.stepsTo(TicketStage.IMPLEMENTING, "In Progress", false)).isEmpty();
        assertThat(paths.stepsTo(TicketStage.IMPLEMENTING, "In Review", false)).isEmpty();
        assertThat(paths.stepsTo(TicketStage.CLOSED, "Done", false)).isEmpty();
    }

    @Test
    void aFinishedTicketIsLeftAloneWhateverItsStatusIsCalled() {
        assertThat(paths(Map.of()).stepsTo(TicketStage.CLOSED, "Won't Do", true)).isEmpty();
    }

    @Test
    void theConnectionNamesItsOwnWorkflow() {
        StagePaths paths = paths(Map.of("stages.CLOSED", " Doing , Resolved ", "stages.IMPLEMENTING", "Doing"));
        assertThat(paths.stepsTo(TicketStage.CLOSED, "Open", false)).containsExactly("Doing", "Resolved");
        assertThat(paths.stepsTo(TicketStage.IMPLEMENTING, "Open", false)).containsExactly("Doing");
    }

}
