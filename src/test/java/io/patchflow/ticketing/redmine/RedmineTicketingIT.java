package io.patchflow.ticketing.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.testsupport.RedmineTestServer;
import io.patchflow.ticketing.TicketDetails;
import io.patchflow.ticketing.TicketNotFoundException;
import io.patchflow.ticketing.TicketStage;
import io.patchflow.ticketing.TicketingConnection;
import io.patchflow.ticketing.TicketingConnections;
import io.patchflow.ticketing.TicketTransitionException;
import io.patchflow.ticketing.TicketingException;

/**
 * The adapter against a real Redmine 5.0 (ADR 0043), without Patchflow around it: every
 * call goes over HTTP to the server {@code scripts/redmine-test-server.sh} started, and
 * what the adapter claims is read back from Redmine itself. Needs no database, so it runs
 * once per build (the PostgreSQL run of the ITs leaves it out).
 */
class RedmineTicketingIT {

    private static final String CUSTOMER = "acme";

    private static final String PROJECT = "adapter-it";

    private static RedmineTestServer redmine;

    @BeforeAll
    static void startRedmine() {
        redmine = RedmineTestServer.started();
        redmine.createProject(PROJECT);
    }

    @Test
    void findsAnIssueByItsNumberWithOrWithoutTheHash() {
        String id = redmine.createIssue(PROJECT, "Patch the mail relays", "Requested by the mail team");
        RedmineTicketingAdapter adapter = adapter(Map.of());

        TicketDetails bare = adapter.find(CUSTOMER, id);
        TicketDetails hashed = adapter.find(CUSTOMER, "#" + id);

        assertThat(bare).isEqualTo(new TicketDetails(id, "Patch the mail relays", "New", "Requested by the mail team"));
        assertThat(hashed).isEqualTo(bare);
    }

    @Test
    void anIssueRedmineDoesNotHoldIsNotFound() {
        RedmineTicketingAdapter adapter = adapter(Map.of());

        assertThatThrownBy(() -> adapter.find(CUSTOMER, "99999")).isInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining("404");
        // not an issue number at all: Redmine is not even asked
        assertThatThrownBy(() -> adapter.find(CUSTOMER, "SD-4711")).isInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining("not a Redmine issue");
    }

    @Test
    void aWrongApiKeyIsRefusedNotTakenForAMissingTicket() {
        String id = redmine.createIssue(PROJECT, "Key check", "");
        RedmineTicketingAdapter adapter = adapter(Map.of(), "ffffffffffffffffffffffffffffffffffffffff");

        assertThatThrownBy(() -> adapter.find(CUSTOMER, id)).isInstanceOf(TicketingException.class)
            .isNotInstanceOf(TicketNotFoundException.class)
            .hasMessageContaining("refused the saved credentials (401)")
            .hasMessageNotContaining("ffffffff");
        assertThatThrownBy(() -> adapter.addNote(CUSTOMER, id, "never written\n\npatchflow-note:K", "patchflow-note:K"))
            .isInstanceOf(TicketingException.class)
            .hasMessageContaining("(401)");
        assertThat(redmine.notes(id)).isEmpty();
    }

    @Test
    void aNoteIsPostedAsAJournalAndFoundByItsMarkerLine() {
        String id = redmine.createIssue(PROJECT, "Notes", "");
        RedmineTicketingAdapter adapter = adapter(Map.of());
        String marker = "patchflow-note:CHG-1:APPROVAL_ESCALATED:Task_ReviewTechnically@1";
        assertThat(adapter.hasNote(CUSTOMER, id, marker)).isFalse();

        adapter.addNote(CUSTOMER, "#" + id, "Approval escalated to the CAB.\n\n" + marker, marker);

        assertThat(redmine.notes(id)).singleElement()
            .satisfies(note -> assertThat(note.lines().toList()).containsExactly("Approval escalated to the CAB.", "",
                    marker));
        assertThat(adapter.hasNote(CUSTOMER, id, marker)).isTrue();
        // a marker that the posted one merely starts with, or that merely starts with it,
        // is another note
        assertThat(adapter.hasNote(CUSTOMER, id, marker + "0")).isFalse();
        assertThat(adapter.hasNote(CUSTOMER, id, "patchflow-note:CHG-1:APPROVAL_ESCALATED")).isFalse();
        assertThatThrownBy(() -> adapter.hasNote(CUSTOMER, "99999", marker))
            .isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void anIncidentWithTheSameMarkerIsOpenedOnceEvenWhenClosed() {
        String project = redmine.createProject("incidents-it");
        RedmineTicketingAdapter adapter = adapter(Map.of("project", project, "incidentTracker", "Support"));

        String first = adapter.openIncident(CUSTOMER, "Change CHG-7 failed", "acme-app-01 failed", "CHG-7:INCIDENT");
        String again = adapter.openIncident(CUSTOMER, "Change CHG-7 failed", "acme-app-01 failed", "CHG-7:INCIDENT");

        assertThat(again).isEqualTo(first);
        JsonNode issue = redmine.issue(first);
        assertThat(issue.path("subject").asText()).isEqualTo("Change CHG-7 failed");
        assertThat(issue.path("tracker").path("name").asText()).isEqualTo("Support");
        assertThat(issue.path("description").asText().lines().toList()).containsExactly("acme-app-01 failed", "",
                "patchflow-incident:CHG-7:INCIDENT");

        // a marker the first one's contains (CHG-7 in CHG-77) is another incident
        String other = adapter.openIncident(CUSTOMER, "Change CHG-77 failed", "acme-db-01 failed", "CHG-77:INCIDENT");
        assertThat(other).isNotEqualTo(first);
        // found while closed too
        redmine.setStatus(first, 5);
        assertThat(redmine.status(first)).isEqualTo("Closed");
        assertThat(adapter.openIncident(CUSTOMER, "Change CHG-7 failed", "acme-app-01 failed", "CHG-7:INCIDENT"))
            .isEqualTo(first);

        assertThat(redmine.issues(project).findValuesAsText("subject")).containsExactlyInAnyOrder("Change CHG-7 failed",
                "Change CHG-77 failed");
    }

    @Test
    void anIncidentNeedsAProjectAndATrackerRedmineHas() {
        assertThatThrownBy(() -> adapter(Map.of()).openIncident(CUSTOMER, "t", "b", "CHG-8:INCIDENT"))
            .isInstanceOf(TicketingException.class)
            .hasMessageContaining("no setting 'project'");
        assertThatThrownBy(() -> adapter(Map.of("project", PROJECT, "incidentTracker", "Incident"))
            .openIncident(CUSTOMER, "t", "b", "CHG-8:INCIDENT")).isInstanceOf(TicketingException.class)
            .hasMessageContaining("no tracker named 'Incident'")
            .hasMessageContaining("Support");
    }

    @Test
    void movingToAStageStepsThroughItsStatusesAndLeavesATicketThereOrBeyondAlone() {
        String id = redmine.createIssue(PROJECT, "Stages", "");
        RedmineTicketingAdapter adapter = adapter(Map.of());

        assertThat(adapter.moveTo(CUSTOMER, id, TicketStage.IMPLEMENTING)).isEqualTo("In Progress");
        assertThat(adapter.moveTo(CUSTOMER, id, TicketStage.IMPLEMENTING)).isEqualTo("In Progress");
        assertThat(statusChanges(id)).containsExactly("1->2");

        assertThat(adapter.moveTo(CUSTOMER, id, TicketStage.CLOSED)).isEqualTo("Closed");
        assertThat(redmine.status(id)).isEqualTo("Closed");
        // In Progress -> Resolved -> Closed: one step at a time, each its own journal
        assertThat(statusChanges(id)).containsExactly("1->2", "2->3", "3->5");

        // closed is beyond every stage: a late "implementing" does not reopen it
        assertThat(adapter.moveTo(CUSTOMER, id, TicketStage.IMPLEMENTING)).isEqualTo("Closed");
        assertThat(adapter.moveTo(CUSTOMER, id, TicketStage.CLOSED)).isEqualTo("Closed");
        assertThat(statusChanges(id)).hasSize(3);
    }

    @Test
    void aTicketResolvedAlreadyIsNotMovedBackToImplementing() {
        String id = redmine.createIssue(PROJECT, "Resolved already", "");
        redmine.setStatus(id, 3);

        assertThat(adapter(Map.of()).moveTo(CUSTOMER, id, TicketStage.IMPLEMENTING)).isEqualTo("Resolved");
        assertThat(redmine.status(id)).isEqualTo("Resolved");
    }

    @Test
    void aStatusRedmineIgnoresIsReportedNotTakenAsDone() {
        String id = redmine.createIssue(PROJECT, "Ignored step", "");
        RedmineTicketingAdapter adapter = adapter(
                Map.of("stages.IMPLEMENTING", RedmineTestServer.STATUS_NO_WORKFLOW_REACHES));

        // Redmine answers 204 and keeps "New": no workflow leads to On Hold
        assertThatThrownBy(() -> adapter.moveTo(CUSTOMER, id, TicketStage.IMPLEMENTING))
            .isInstanceOf(TicketTransitionException.class)
            .hasMessageContaining("did not move issue #" + id + " from 'New' to 'On Hold'")
            .hasMessageContaining("still 'New'");
        assertThat(redmine.status(id)).isEqualTo("New");
    }

    @Test
    void aStatusRedmineDoesNotHaveIsReportedBeforeAnythingIsWritten() {
        String id = redmine.createIssue(PROJECT, "Unknown status", "");
        RedmineTicketingAdapter adapter = adapter(Map.of("stages.CLOSED", "Resolved,Parked"));

        assertThatThrownBy(() -> adapter.moveTo(CUSTOMER, id, TicketStage.CLOSED))
            .isInstanceOf(TicketTransitionException.class)
            .hasMessageContaining("no issue status named 'Parked'");
        // the steps before it were taken and read back; none after
        assertThat(redmine.status(id)).isEqualTo("Resolved");
    }

    /** The issue's status changes, as Redmine journaled them ("old->new" status ids). */
    private static List<String> statusChanges(String id) {
        List<String> changes = new ArrayList<>();
        for (JsonNode journal : redmine.issue(id).path("journals")) {
            for (JsonNode detail : journal.path("details")) {
                if ("status_id".equals(detail.path("name").asText())) {
                    changes.add(detail.path("old_value").asText() + "->" + detail.path("new_value").asText());
                }
            }
        }
        return changes;
    }

    private static RedmineTicketingAdapter adapter(Map<String, String> settings) {
        return adapter(settings, RedmineTestServer.API_KEY);
    }

    private static RedmineTicketingAdapter adapter(Map<String, String> settings, String apiKey) {
        TicketingConnection connection = new TicketingConnection(CUSTOMER, RedmineTicketingAdapter.SYSTEM,
                redmine.baseUrl(), null, apiKey, settings);
        TicketingConnections connections = new TicketingConnections() {
            @Override
            public Optional<TicketingConnection> find(String customerId, String system) {
                return Optional.of(connection)
                    .filter(c -> c.customerId().equals(customerId) && c.system().equals(system));
            }

            @Override
            public String activeSystem(String customerId) {
                return RedmineTicketingAdapter.SYSTEM;
            }
        };
        return new RedmineTicketingAdapter(connections, new ObjectMapper());
    }

}
