package io.patchflow.ticketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ScriptedTicketing;

/**
 * Admins configure a customer's ticketing system: secrets sealed at rest and never shown
 * again, a connection made active is where new tickets are linked, and bad input changes
 * nothing.
 */
@SpringBootTest
@ActiveProfiles("test")
class TicketingAdministrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    TicketingAdministration administration;

    @Autowired
    TicketingConnections connections;

    @Autowired
    TicketingSystems systems;

    @Autowired
    JdbcClient jdbc;

    Fixtures.World world;

    Actor admin;

    @BeforeEach
    void world() {
        world = fixtures.world();
        admin = world.person("admin", Role.ADMIN);
    }

    private ConnectionSpec spec(String secret, Boolean active) {
        return new ConnectionSpec("https://acme.example.test", "svc@acme.test", secret,
                Map.of("project", "OPS", "stages.CLOSED", "Done"), "webhook-secret-0123456789", active);
    }

    @Test
    void aSavedSecretIsSealedAtRestNeverShownAndOpenedForTheAdapter() {
        ConnectionView saved = administration.save(admin, world.customer, ScriptedTicketing.SYSTEM,
                spec("tok-SECRET-42", true));

        assertThat(saved.secretSaved()).isTrue();
        assertThat(saved.webhookSecretSaved()).isTrue();
        assertThat(saved.toString()).doesNotContain("tok-SECRET-42").doesNotContain("webhook-secret-0123456789");
        String stored = jdbc
            .sql("SELECT CONCAT(secret_sealed, '|', webhook_secret_sealed, '|', settings) FROM ticketing_connection "
                    + "WHERE customer_id = ?")
            .param(world.customer)
            .query(String.class)
            .single();
        assertThat(stored).doesNotContain("tok-SECRET-42").doesNotContain("webhook-secret-0123456789");

        TicketingConnection opened = connections.of(world.customer, ScriptedTicketing.SYSTEM);
        assertThat(opened.secret()).isEqualTo("tok-SECRET-42");
        assertThat(opened.webhookSecret()).isEqualTo("webhook-secret-0123456789");
        assertThat(opened.required("project")).isEqualTo("OPS");
        assertThat(opened.toString()).doesNotContain("tok-SECRET-42");
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE customer_id = ? AND kind = ?")
            .params(world.customer, "TICKETING_CONNECTION_SAVED")
            .query(String.class)
            .list()).singleElement().asString().contains("secret replaced").doesNotContain("tok-SECRET-42");
    }

    @Test
    void aSecretLeftOutKeepsTheSavedOneAndTheFirstSaveNeedsOne() {
        assertThatThrownBy(() -> administration.save(admin, world.customer, ScriptedTicketing.SYSTEM, spec(null, true)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("needs its secret");
        assertThat(connections.find(world.customer, ScriptedTicketing.SYSTEM)).isEmpty();

        administration.save(admin, world.customer, ScriptedTicketing.SYSTEM, spec("first", true));
        administration.save(admin, world.customer, ScriptedTicketing.SYSTEM,
                new ConnectionSpec("https://acme2.example.test", null, "", Map.of(), null, null));

        TicketingConnection opened = connections.of(world.customer, ScriptedTicketing.SYSTEM);
        assertThat(opened.secret()).isEqualTo("first");
        assertThat(opened.baseUrl()).hasToString("https://acme2.example.test");
        assertThat(opened.webhookSecret()).as("kept when left out").isEqualTo("webhook-secret-0123456789");
        assertThat(administration.get(admin, world.customer, ScriptedTicketing.SYSTEM).active()).isTrue();
    }

    @Test
    void theActiveConnectionIsWhereTheCustomersNewTicketsGo() {
        assertThat(systems.forCustomer(world.customer).system()).isEqualTo(BuiltInTicketingAdapter.SYSTEM);

        administration.save(admin, world.customer, ScriptedTicketing.SYSTEM, spec("s", false));
        assertThat(systems.forCustomer(world.customer).system()).isEqualTo(BuiltInTicketingAdapter.SYSTEM);

        administration.save(admin, world.customer, ScriptedTicketing.SYSTEM, spec(null, true));
        assertThat(systems.forCustomer(world.customer).system()).isEqualTo(ScriptedTicketing.SYSTEM);

        administration.delete(admin, world.customer, ScriptedTicketing.SYSTEM);
        assertThat(systems.forCustomer(world.customer).system()).isEqualTo(BuiltInTicketingAdapter.SYSTEM);
    }

    @Test
    void onlyAnAdminOfTheCustomerConfiguresIt() {
        assertThatThrownBy(() -> administration.save(world.changeManager, world.customer, ScriptedTicketing.SYSTEM,
                spec("s", true)))
            .isInstanceOf(ForbiddenException.class);
        Actor otherAdmin = Actor.of("admin-elsewhere", Set.of(Role.ADMIN), Set.of(fixtures.world().customer));
        assertThatThrownBy(
                () -> administration.save(otherAdmin, world.customer, ScriptedTicketing.SYSTEM, spec("s", true)))
            .isInstanceOf(NotFoundException.class);
        assertThat(connections.find(world.customer, ScriptedTicketing.SYSTEM)).isEmpty();
    }

    @Test
    void badInputIsRefusedWithTheFieldAndChangesNothing() {
        administration.save(admin, world.customer, ScriptedTicketing.SYSTEM, spec("s", true));
        ConnectionView before = administration.get(admin, world.customer, ScriptedTicketing.SYSTEM);

        record Case(String field, String message, ConnectionSpec spec) {
        }
        for (Case c : new Case[] {
                new Case("baseUrl", "https://", new ConnectionSpec("ftp://x.test", null, null, Map.of(), null, null)),
                new Case("baseUrl", "no credentials",
                        new ConnectionSpec("https://u:p@x.test", null, null, Map.of(), null, null)),
                new Case("baseUrl", "no query",
                        new ConnectionSpec("https://x.test/?token=abc", null, null, Map.of(), null, null)),
                new Case("settings", "a setting's name",
                        new ConnectionSpec("https://x.test", null, null, Map.of("bad name", "v"), null, null)),
                new Case("webhookSecret", "at least 16",
                        new ConnectionSpec("https://x.test", null, null, Map.of(), "short", null)),
                new Case("secret", "line break",
                        new ConnectionSpec("https://x.test", null, "a\nb", Map.of(), null, null)) }) {
            assertThatThrownBy(() -> administration.save(admin, world.customer, ScriptedTicketing.SYSTEM, c.spec()))
                .as(c.field())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(c.field()))
                .hasMessageContaining(c.message());
        }
        assertThatThrownBy(() -> administration.save(admin, world.customer, "redmine",
                new ConnectionSpec("https://x.test", null, "key", Map.of("projet", "OPS"), null, false)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("redmine has no setting 'projet'; it takes incidentTracker, project, stages.<…>");
        assertThatThrownBy(() -> administration.save(admin, world.customer, "nosuch", spec("s", true)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("no ticketing adapter named 'nosuch'");
        assertThat(administration.get(admin, world.customer, ScriptedTicketing.SYSTEM)).isEqualTo(before);
    }

}
