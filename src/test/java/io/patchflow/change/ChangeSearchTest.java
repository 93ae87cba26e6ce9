package io.patchflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Page;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * The change list's search on the real database: each filter, their combination, paging,
 * and that another customer's changes, tickets and assets never show.
 */
@SpringBootTest
@ActiveProfiles("test")
class ChangeSearchTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    ChangeService changes;

    @Autowired
    PatchCatalog patches;

    Fixtures.World acme;

    Fixtures.World globex;

    ChangeRequest openssl;

    ChangeRequest tzdata;

    ChangeRequest theirs;

    String exploitedCve;

    @BeforeEach
    void changesOfTwoCustomers() {
        acme = fixtures.world();
        globex = fixtures.world();
        acme.asset("web1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        acme.asset("db1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        globex.asset("web1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        long exploited = fixtures.exploitedPatch("8.0");
        exploitedCve = patches.find(List.of(exploited)).get(0).cves().get(0).id();
        openssl = submit(acme, "Patch OpenSSL 100%_done", exploited, acme.assets("web1"), "SD-SHARED");
        tzdata = submit(acme, "tzdata 2099a", fixtures.maintenancePatch(), acme.assets("web1", "db1"), "INC-9");
        // the same ticket reference, asset name and CVE at another customer
        theirs = submit(globex, "Patch OpenSSL too", exploited, globex.assets("web1"), "SD-SHARED");
    }

    private ChangeRequest submit(Fixtures.World world, String title, long patch, List<Long> assets, String ticket) {
        return changes.submit(world.requester,
                new SubmitChange(world.customer, title, null, List.of(patch), assets, null, false, ticket));
    }

    private List<ChangeId> search(Actor actor, String q, String ticket, String asset, String cve) {
        return changes.list(actor, ChangeQuery.of(q, null, ticket, asset, cve, null, null, null, null, 0, 50))
            .items()
            .stream()
            .map(ChangeRequest::id)
            .toList();
    }

    @Test
    void byIdOrTitleInAnyCaseWithWildcardsTakenLiterally() {
        assertThat(search(acme.requester, openssl.id().toString(), null, null, null)).containsExactly(openssl.id());
        assertThat(search(acme.requester, openssl.id().toString().toLowerCase(), null, null, null))
            .containsExactly(openssl.id());
        assertThat(search(acme.requester, "OPENSSL", null, null, null)).containsExactly(openssl.id());
        assertThat(search(acme.requester, "100%_", null, null, null)).containsExactly(openssl.id());
        assertThat(search(acme.requester, "1%done", null, null, null)).as("% is a character, not a wildcard").isEmpty();
        assertThat(search(acme.requester, "1_0", null, null, null)).as("_ too").isEmpty();
        assertThat(search(acme.requester, theirs.id().toString(), null, null, null))
            .as("another customer's change by its id")
            .isEmpty();
    }

    @Test
    void byTicketAssetAndCveOnlyWithinTheCustomersOwn() {
        assertThat(search(acme.requester, null, "SD-SHARED", null, null)).containsExactly(openssl.id());
        assertThat(search(acme.requester, null, "INC-9", null, null)).containsExactly(tzdata.id());
        assertThat(search(acme.requester, null, "SD-NONE", null, null)).isEmpty();
        assertThat(search(acme.requester, null, null, (acme.customer + "-WEB1").toUpperCase(), null))
            .containsExactly(tzdata.id(), openssl.id());
        assertThat(search(acme.requester, null, null, acme.customer + "-db1", null)).containsExactly(tzdata.id());
        assertThat(search(acme.requester, null, null, null, exploitedCve.toLowerCase())).containsExactly(openssl.id());
        assertThat(search(globex.requester, null, "SD-SHARED", null, exploitedCve)).containsExactly(theirs.id());

        Actor both = Actor.of("both", Set.of(Role.AUDITOR), Set.of(acme.customer, globex.customer));
        assertThat(search(both, null, "SD-SHARED", null, exploitedCve)).containsExactly(theirs.id(), openssl.id());
        assertThat(
                changes
                    .list(both,
                            ChangeQuery.of(null, globex.customer, "SD-SHARED", null, null, null, null, null, null, 0,
                                    50))
                    .items())
            .extracting(ChangeRequest::id)
            .containsExactly(theirs.id());
        assertThat(search(both, "openssl", "INC-9", null, null)).as("filters combine with AND").isEmpty();
    }

    @Test
    void anotherCustomerIsRefusedAsUnknown() {
        assertThatThrownBy(() -> changes.list(acme.requester,
                ChangeQuery.of(null, globex.customer, null, null, null, null, null, null, null, 0, 20)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("unknown customer " + globex.customer)
            .extracting("field")
            .isEqualTo("customer");
    }

    @Test
    void byStatusOutcomeAndCreatedDate() {
        changes.cancel(acme.requester, tzdata.id(), "not needed");
        driver.runJobs(tzdata.id());
        assertThat(driver.change(tzdata.id()).outcome()).isEqualTo(ChangeOutcome.CANCELLED);

        assertThat(list(acme.requester, "CLOSED", "CANCELLED", null, null)).containsExactly(tzdata.id());
        assertThat(list(acme.requester, "CLOSED", "SUCCESSFUL", null, null)).isEmpty();
        assertThat(list(acme.requester, null, "cancelled", null, null)).containsExactly(tzdata.id());
        assertThat(list(acme.requester, driver.change(openssl.id()).status().name(), null, null, null))
            .contains(openssl.id())
            .doesNotContain(tzdata.id());

        LocalDate created = openssl.createdAt().atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        String day = created.toString();
        assertThat(list(acme.requester, null, null, day, day)).as("to is inclusive")
            .containsExactly(tzdata.id(), openssl.id());
        assertThat(list(acme.requester, null, null, created.plusDays(1).toString(), null)).isEmpty();
        assertThat(list(acme.requester, null, null, null, created.minusDays(1).toString())).isEmpty();
    }

    private List<ChangeId> list(Actor actor, String status, String outcome, String from, String to) {
        return changes.list(actor, ChangeQuery.of(null, null, null, null, null, status, outcome, from, to, 0, 50))
            .items()
            .stream()
            .map(ChangeRequest::id)
            .toList();
    }

    @Test
    void pagesNewestFirstWithTheTotalOfAllMatches() {
        Page<ChangeRequest> first = changes.list(acme.requester,
                ChangeQuery.of(null, null, null, null, null, null, null, null, null, 0, 1));
        Page<ChangeRequest> second = changes.list(acme.requester,
                ChangeQuery.of(null, null, null, null, null, null, null, null, null, 1, 1));
        assertThat(first.total()).isEqualTo(2);
        assertThat(first.items()).extracting(ChangeRequest::id).containsExactly(tzdata.id());
        assertThat(second.items()).extracting(ChangeRequest::id).containsExactly(openssl.id());
    }

}
