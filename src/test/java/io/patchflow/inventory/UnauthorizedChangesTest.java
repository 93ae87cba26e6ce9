package io.patchflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

@SpringBootTest
@ActiveProfiles("test")
class UnauthorizedChangesTest {

    @Autowired
    InventoryFacts facts;

    @Autowired
    UnauthorizedChanges unauthorized;

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    Fixtures.World world;

    long asset;

    @BeforeEach
    void newWorld() {
        world = fixtures.world();
        asset = world.asset("app", Criticality.LOW, Exposure.INTERNAL, 0);
    }

    private void report(String... packages) {
        List<ReportedFacts.ReportedPackage> list = new java.util.ArrayList<>();
        for (String p : packages) {
            String[] f = p.split(" ");
            list.add(new ReportedFacts.ReportedPackage(f[0], f[1], null));
        }
        facts.report(asset, new ReportedFacts("Debian GNU/Linux 12 (bookworm)", false, list));
    }

    private List<UnauthorizedChanges.UnauthorizedChange> open() {
        return unauthorized.list(world.changeManager, world.customer, "OPEN", 0, 50).items();
    }

    @Test
    void aVersionThatMovedWithoutAChangeIsRecordedOnce() {
        report("openssl 3.0.14-1~deb12u2", "curl 7.88.1-10+deb12u7"); // the baseline
                                                                      // finds nothing
        assertThat(open()).isEmpty();

        report("openssl 3.0.15-1~deb12u1", "curl 7.88.1-10+deb12u7", "netcat-openbsd 1.219-1");
        report("openssl 3.0.15-1~deb12u1", "curl 7.88.1-10+deb12u7", "netcat-openbsd 1.219-1"); // reported
                                                                                                // again:
                                                                                                // not
                                                                                                // twice

        assertThat(open()).extracting(UnauthorizedChanges.UnauthorizedChange::packageName,
                UnauthorizedChanges.UnauthorizedChange::fromVersion, UnauthorizedChanges.UnauthorizedChange::toVersion)
            .containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("openssl", "3.0.14-1~deb12u2", "3.0.15-1~deb12u1"),
                    org.assertj.core.groups.Tuple.tuple("netcat-openbsd", null, "1.219-1"));
    }

    @Test
    void aVersionThatMovedWhileAChangeWasInstallingIsExplained() {
        report("tzdata 2099a-1");
        io.patchflow.change.ChangeRequest change = driver.submit(world, List.of(fixtures.maintenancePatch()),
                List.of(asset), false, null);
        driver.agentLeasesSilently(world, "app"); // the change's install job is on its
                                                  // way

        report("tzdata 2099b-1", "tzdata-legacy 2099b-1");

        assertThat(open()).as("change " + change.id() + " explains it").isEmpty();
    }

    @Test
    void aChangeManagerAcknowledgesItWithANote() {
        report("openssl 3.0.14-1~deb12u2");
        report("openssl 3.0.15-1~deb12u1");
        long id = open().get(0).id();

        assertThatThrownBy(() -> unauthorized.acknowledge(world.requester, id, "fine"))
            .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> unauthorized.acknowledge(fixtures.world().changeManager, id, "fine"))
            .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> unauthorized.acknowledge(world.changeManager, id, " "))
            .hasMessageContaining("say what was found");

        unauthorized.acknowledge(world.changeManager, id, "patched by hand during the outage");

        assertThat(open()).isEmpty();
        assertThat(unauthorized.list(world.changeManager, world.customer, "ACKNOWLEDGED", 0, 50).items())
            .extracting(UnauthorizedChanges.UnauthorizedChange::note)
            .containsExactly("patched by hand during the outage");
        assertThatThrownBy(() -> unauthorized.acknowledge(world.changeManager, id, "again"))
            .isInstanceOf(ConflictException.class);
    }

}
