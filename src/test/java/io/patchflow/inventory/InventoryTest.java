package io.patchflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.agent.AgentPrincipal;
import io.patchflow.agent.AgentRegistry;
import io.patchflow.agent.Enrolment;
import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeService;
import io.patchflow.change.SubmitChange;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.testsupport.Fixtures;

@SpringBootTest
@ActiveProfiles("test")
class InventoryTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    InventoryImport importer;

    @Autowired
    InventoryFacts facts;

    @Autowired
    InventoryViewRepository view;

    @Autowired
    Inventory inventory;

    @Autowired
    AgentRegistry agents;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ChangeService changes;

    @Autowired
    AuditTrail audit;

    Fixtures.World world;

    String c;

    @BeforeEach
    void newWorld() {
        world = fixtures.world();
        c = world.customer;
        inventory.createWindow(c, "Saturday night", ZoneId.of("Europe/Berlin"), EnumSet.of(DayOfWeek.SATURDAY),
                LocalTime.of(22, 0), Duration.ofHours(6));
    }

    @Test
    void csvImportCreatesAndUpdatesAssetsByHostname() {
        String csv = """
                customer,hostname,os_family,os_version,os_end_of_life,criticality,exposure,environment,ring,downtime_tolerance,owner_group,maintenance_window,backup_profile,tags
                %1$s,web-01,Debian,12,2028-06-30,HIGH,internet-facing,production,0,none,web-team,Saturday night,restic-daily,dmz;web
                %1$s,db-01,Debian,12,,CRITICAL,INTERNAL,PRODUCTION,1,NONE,dba,,restic-hourly,
                """
            .formatted(c);
        assertThat(importer.importCsv(world.changeManager, new StringReader(csv)))
            .isEqualTo(new InventoryImport.Result(2, 0));

        Asset web = inventory.assetByHostname(c, "web-01").orElseThrow();
        assertThat(web)
            .extracting(Asset::criticality, Asset::exposure, Asset::ring, Asset::downtimeTolerance, Asset::ownerGroup,
                    Asset::backupProfile, Asset::osEndOfLife)
            .containsExactly(Criticality.HIGH, Exposure.INTERNET_FACING, 0, DowntimeTolerance.NONE, "web-team",
                    "restic-daily", LocalDate.of(2028, 6, 30));
        assertThat(web.maintenanceWindowId()).isEqualTo(inventory.windowIdsByName(c).get("Saturday night"));
        assertThat(inventory.tags(List.of(web.id())).get(web.id())).containsExactly("dmz", "web");

        String update = """
                customer,hostname,os_family,criticality,exposure,ring
                %s,web-01,Debian,MEDIUM,INTERNAL,2
                """.formatted(c);
        assertThat(importer.importCsv(world.changeManager, new StringReader(update)))
            .isEqualTo(new InventoryImport.Result(0, 1));
        Asset updated = inventory.assetByHostname(c, "web-01").orElseThrow();
        assertThat(updated.id()).isEqualTo(web.id());
        assertThat(updated.criticality()).isEqualTo(Criticality.MEDIUM);
        assertThat(updated.ring()).isEqualTo(2);
        assertThat(inventory.tags(List.of(web.id()))).doesNotContainKey(web.id());
    }

    @Test
    void aFileWithBadRowsImportsNothingAndNamesEveryProblem() {
        importer.importCsv(world.changeManager, new StringReader(
                "customer,hostname,os_family,criticality,exposure\n" + c + ",keep-01,Debian,LOW,INTERNAL\n"));
        long before = count();
        String csv = """
                customer,hostname,os_family,criticality,exposure,maintenance_window,os_end_of_life,ring
                %1$s,ok-01,Debian,LOW,INTERNAL,,,
                %1$s,,Debian,LOW,INTERNAL,,,
                nobody,x-01,Debian,LOW,INTERNAL,,,
                %1$s,bad-01,Debian,SEVERE,INTERNAL,,,
                %1$s,bad-02,Debian,LOW,INTERNAL,Sunday,,
                %1$s,bad-03,Debian,LOW,INTERNAL,,30.06.2028,x
                %1$s,ok-01,Debian,LOW,INTERNAL,,,
                %1$s,keep-01,Debian,CRITICAL,INTERNAL,,,
                """.formatted(c);

        assertThatThrownBy(() -> importer.importCsv(world.changeManager, new StringReader(csv))).isInstanceOfSatisfying(
                ImportRejected.class,
                e -> assertThat(e.errors()).extracting(ImportRejected.RowError::row, ImportRejected.RowError::field)
                    .containsExactly(tuple(3L, "hostname"), tuple(4L, "customer"), tuple(5L, "criticality"),
                            tuple(6L, "maintenance_window"), tuple(7L, "os_end_of_life"), tuple(7L, "ring"),
                            tuple(8L, "hostname")));
        assertThat(count()).isEqualTo(before);
        assertThat(inventory.assetByHostname(c, "keep-01").orElseThrow().criticality()).isEqualTo(Criticality.LOW);
    }

    @Test
    void unknownColumnsMissingColumnsAndOtherPeopleAreRefused() {
        assertThatThrownBy(() -> importer.importCsv(world.changeManager,
                new StringReader("customer,hostname,os,criticality,exposure\n")))
            .isInstanceOfSatisfying(ImportRejected.class,
                    e -> assertThat(e.errors()).extracting(ImportRejected.RowError::field).contains("os", "os_family"));
        assertThatThrownBy(() -> importer.importCsv(world.requester, new StringReader("customer,hostname\n")))
            .isInstanceOf(ForbiddenException.class);
        Actor otherCustomersManager = new Actor("outsider", java.util.Set.of(Role.CHANGE_MANAGER),
                java.util.Set.of("elsewhere"));
        assertThatThrownBy(() -> importer.importCsv(otherCustomersManager,
                new StringReader(
                        "customer,hostname,os_family,criticality,exposure\n" + c + ",h,Debian,LOW,INTERNAL\n")))
            .isInstanceOfSatisfying(ImportRejected.class,
                    e -> assertThat(e.errors().get(0).message()).contains("unknown customer"));
    }

    @Test
    void agentFactsReplaceThePackageListAndPendingUpdatesJoinTheCatalog() {
        long asset = world.asset("app-01", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        ReportedFacts first = new ReportedFacts("Debian GNU/Linux 12 (bookworm)", true,
                List.of(new ReportedFacts.ReportedPackage("git", "1:2.39.2-1.1", "1:2.39.5-0+deb12u2"),
                        new ReportedFacts.ReportedPackage("bash", "5.2.15-2+b7", null)));
        int created = facts.report(asset, first);
        assertThat(facts.report(asset, first)).as("same report again").isZero();
        assertThat(view.packages(asset, false)).extracting(InventoryViewRepository.PackageRow::name)
            .containsExactly("bash", "git");
        assertThat(view.packages(asset, true)).extracting(InventoryViewRepository.PackageRow::candidate)
            .containsExactly("1:2.39.5-0+deb12u2");
        assertThat(created).isLessThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT patch_type FROM patch WHERE vendor_id = 'debian:git:1:2.39.5-0+deb12u2'")
            .query(String.class)
            .single()).isNotNull();

        facts.report(asset, new ReportedFacts("Debian GNU/Linux 12 (bookworm)", false,
                List.of(new ReportedFacts.ReportedPackage("git", "1:2.39.5-0+deb12u2", null))));
        assertThat(view.packages(asset, false)).extracting(InventoryViewRepository.PackageRow::installed)
            .containsExactly("1:2.39.5-0+deb12u2");
        assertThat(view.items(c, InventoryFlag.REBOOT_REQUIRED, 0, 50).items()).isEmpty();
    }

    @Test
    void flagsShowShadowAssetsSilentAgentsEndOfLifeAndPendingReboots() {
        long seen = world.asset("seen", Criticality.LOW, Exposure.INTERNAL, 1);
        long silent = world.asset("silent", Criticality.LOW, Exposure.INTERNAL, 1);
        long shadow = inventory.createAsset(c, c + "-shadow", "Debian", "12", Criticality.LOW, Exposure.INTERNAL, 1,
                null);
        long old = inventory
            .save(new AssetSpec(c, c + "-old", "Debian", "10", LocalDate.now().minusDays(1), Criticality.LOW,
                    Exposure.INTERNAL, Environment.PRODUCTION, 1, DowntimeTolerance.HIGH, null, null, null,
                    java.util.Set.of()))
            .id();
        agents.seen(world.agent("seen").agentId());
        jdbc.sql("UPDATE agent SET last_seen_at = ? WHERE id = ?")
            .params(OffsetDateTime.now(ZoneOffset.UTC).minusDays(30), world.agent("silent").agentId())
            .update();
        facts.report(seen, new ReportedFacts("Debian 12", true, List.of()));

        assertThat(ids(InventoryFlag.NO_AGENT)).containsExactlyInAnyOrder(shadow, old);
        assertThat(ids(InventoryFlag.NOT_SEEN)).containsExactly(silent);
        assertThat(ids(InventoryFlag.END_OF_LIFE)).containsExactly(old);
        assertThat(ids(InventoryFlag.REBOOT_REQUIRED)).containsExactly(seen);
        InventoryItem oldItem = view.items(c, null, 0, 50)
            .items()
            .stream()
            .filter(i -> i.asset().id() == old)
            .findFirst()
            .orElseThrow();
        assertThat(oldItem.flags()).containsExactlyInAnyOrder(InventoryFlag.NO_AGENT, InventoryFlag.END_OF_LIFE);
    }

    @Test
    void anUpdateStillPendingAfterItsInstallIsFlaggedAndRecordedOnceUntilTheFlagNoLongerHolds() {
        long lab = world.asset("lab-01", Criticality.LOW, Exposure.INTERNAL, 0);
        long other = world.asset("lab-02", Criticality.LOW, Exposure.INTERNAL, 0);
        ReportedFacts pending = new ReportedFacts("Debian 12", false,
                List.of(new ReportedFacts.ReportedPackage("tzdata", "2025a-0+deb12u1", "2025b-0+deb12u1")));
        facts.report(lab, pending);
        facts.report(other, pending);
        long patch = jdbc.sql("SELECT id FROM patch WHERE vendor_id = 'debian:tzdata:2025b-0+deb12u1'")
            .query(Long.class)
            .single();
        long change = changes
            .submit(world.requester,
                    new SubmitChange(c, "tzdata", null, List.of(patch), List.of(lab), null, false, null))
            .id()
            .value();
        InventoryFacts.StillPending still = new InventoryFacts.StillPending(lab, patch, change);

        assertThat(facts.markStillPending(c, List.of(still))).isEqualTo(1);
        assertThat(facts.markStillPending(c, List.of(still))).as("flagged already").isZero();

        assertThat(ids(InventoryFlag.UPDATE_STILL_PENDING)).containsExactly(lab);
        InventoryItem item = view.items(c, InventoryFlag.UPDATE_STILL_PENDING, 0, 50).items().get(0);
        assertThat(item.flags()).contains(InventoryFlag.UPDATE_STILL_PENDING);
        assertThat(item.stillPending()).singleElement().satisfies(u -> {
            assertThat(u.vendorId()).isEqualTo("debian:tzdata:2025b-0+deb12u1");
            assertThat(u.changeId()).isEqualTo(change);
            assertThat(u.flaggedAt()).isNotNull();
        });
        assertThat(audit.ofChange(change)).filteredOn(e -> e.kind().equals("UPDATE_STILL_PENDING"))
            .singleElement()
            .satisfies(e -> assertThat(e.detail()).contains(c + "-lab-01 debian:tzdata:2025b-0+deb12u1",
                    "still reported pending after CHG-" + change));

        // The run no longer finds it (a newer change holds it there): the flag goes.
        assertThat(facts.markStillPending(c, List.of())).isZero();
        assertThat(ids(InventoryFlag.UPDATE_STILL_PENDING)).isEmpty();

        // Flagged again, then the agent reports it installed: the flag goes with the row.
        facts.markStillPending(c, List.of(still));
        facts.report(lab, new ReportedFacts("Debian 12", false,
                List.of(new ReportedFacts.ReportedPackage("tzdata", "2025b-0+deb12u1", null))));
        assertThat(ids(InventoryFlag.UPDATE_STILL_PENDING)).isEmpty();
    }

    @Test
    void agentsForHostsOutsideTheInventoryAreListedWithWhatTheyReport() {
        Enrolment stranger = agents.enrol(world.enrolmentToken(), c + "-laptop-7", false, "test").orElseThrow();
        AgentPrincipal principal = agents.authenticate(stranger.agentId(), stranger.agentSecret()).orElseThrow();
        agents.reportedOs(principal, "Ubuntu 24.04 LTS");
        assertThat(view.unknownAgents(c)).extracting(UnknownAgent::hostname, UnknownAgent::reportedOs)
            .containsExactly(tuple(c + "-laptop-7", "Ubuntu 24.04 LTS"));
    }

    private List<Long> ids(InventoryFlag flag) {
        return view.items(c, flag, 0, 50).items().stream().map(i -> i.asset().id()).toList();
    }

    private long count() {
        return jdbc.sql("SELECT COUNT(*) FROM asset WHERE customer_id = ?").param(c).query(Long.class).single();
    }

}
