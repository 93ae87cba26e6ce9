package io.patchflow.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.change.ChangeService;
import io.patchflow.change.SubmitChange;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.InventoryFacts;
import io.patchflow.inventory.ReportedFacts;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.testsupport.Fixtures;

/**
 * Advisories enrich the catalog (an agent's pending update becomes a security patch with
 * CVEs), relate patches, and so decide which changes may be submitted and in which order
 * they install.
 */
@SpringBootTest
@ActiveProfiles("test")
class AdvisoryImportTest {

    @Autowired
    AdvisoryImport advisories;

    @Autowired
    PatchCatalog patches;

    @Autowired
    InventoryFacts inventoryFacts;

    @Autowired
    ChangeService changes;

    @Autowired
    Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    Fixtures.World world;

    String apache;

    String apr;

    @BeforeEach
    void newWorld() {
        world = fixtures.world();
        // the catalog is shared by every test: package names of this world only
        apache = "apache2-" + world.customer;
        apr = "libapr1-" + world.customer;
    }

    private String file() {
        return """
                {"advisories": [
                  {"id": "EXAMPLE-APR-%1$s", "vendor": "Debian", "title": "apr security update", "published": "2024-09-01",
                   "type": "SECURITY", "packages": [{"name": "%3$s", "version": "1.7.2-3+deb12u1"}],
                   "cves": [{"id": "CVE-2023-49582", "cvss": 7.4}]},
                  {"id": "EXAMPLE-APACHE-%1$s", "vendor": "Debian", "title": "apache2 security update", "published": "2024-07-18",
                   "type": "security", "rebootRequired": false,
                   "packages": [{"name": "%2$s", "version": "2.4.62-1~deb12u1"}],
                   "cves": [{"id": "cve-2024-38475", "cvss": 9.1}, {"id": "CVE-2024-38474"}],
                   "supersedes": ["debian:%2$s:2.4.61-1~deb12u1", "debian:%2$s:2.4.59-1~deb12u1"],
                   "requires": ["debian:%3$s:1.7.2-3+deb12u1"]}
                ]}
                """
            .formatted(world.customer, apache, apr);
    }

    private AdvisoryImport.Result importText(String text) throws IOException {
        return advisories.importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "admin");
    }

    @Test
    void anAgentsPendingUpdateBecomesTheAdvisorysSecurityPatchAndASecondImportChangesNothing() throws IOException {
        long web = world.asset("web", Criticality.HIGH, Exposure.INTERNET_FACING, 0);
        inventoryFacts.report(web, new ReportedFacts("Debian GNU/Linux 12 (bookworm)", false,
                List.of(new ReportedFacts.ReportedPackage(apache, "2.4.61-1~deb12u1", "2.4.62-1~deb12u1"))));
        String vendorId = PatchCatalog.vendorId("Debian", apache, "2.4.62-1~deb12u1");
        long reported = patches.idsByVendorId(List.of(vendorId)).get(vendorId);
        assertThat(patches.find(List.of(reported)).get(0).type()).isEqualTo(PatchType.MAINTENANCE);

        AdvisoryImport.Result first = importText(file());

        assertThat(first.advisories()).isEqualTo(2);
        assertThat(first.patchesCreated()).isEqualTo(1); // libapr1; apache2 was already
                                                         // reported
        assertThat(first.patchesUpdated()).isEqualTo(1);
        assertThat(first.relationsAdded()).isEqualTo(1); // requires libapr1
        assertThat(first.unknownSuperseded()).isEqualTo(2); // neither old apache2 version
                                                            // is in the catalog
        Patch patch = patches.find(List.of(reported)).get(0);
        assertThat(patch.type()).isEqualTo(PatchType.SECURITY);
        assertThat(patch.title()).isEqualTo("EXAMPLE-APACHE-" + world.customer + ": apache2 security update");
        assertThat(patch.cves()).extracting(Cve::id, Cve::cvss)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("CVE-2024-38474", null),
                    org.assertj.core.groups.Tuple.tuple("CVE-2024-38475", new java.math.BigDecimal("9.1")));
        assertThat(patches.relationsOf(List.of(reported))).extracting(PatchRelation::kind)
            .containsExactly(PatchRelation.Kind.REQUIRES);

        AdvisoryImport.Result second = importText(file());

        assertThat(second.patchesCreated()).isZero();
        assertThat(second.patchesUpdated()).isZero();
        assertThat(second.relationsAdded()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM patch_relation WHERE patch_id = ?")
            .param(reported)
            .query(Integer.class)
            .single()).isEqualTo(1);
    }

    @Test
    void aChangeNeedsItsPrerequisiteInTheChangeOrInstalledAndInstallsItFirst() throws IOException {
        importText(file());
        long web = world.asset("web", Criticality.LOW, Exposure.INTERNAL, 0);
        long web2 = world.asset("web2", Criticality.LOW, Exposure.INTERNAL, 0);
        Map<String, Long> ids = patches
            .idsByVendorId(List.of(PatchCatalog.vendorId("Debian", apache, "2.4.62-1~deb12u1"),
                    PatchCatalog.vendorId("Debian", apr, "1.7.2-3+deb12u1")));
        long apachePatch = ids.get(PatchCatalog.vendorId("Debian", apache, "2.4.62-1~deb12u1"));
        long aprPatch = ids.get(PatchCatalog.vendorId("Debian", apr, "1.7.2-3+deb12u1"));
        long before = jdbc.sql("SELECT COUNT(*) FROM change_request").query(Long.class).single();

        assertThatThrownBy(() -> submit(List.of(apachePatch), List.of(web, web2)))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("patchIds"))
            .hasMessage("patch " + apachePatch + " (" + apache + " 2.4.62-1~deb12u1) requires patch " + aprPatch + " ("
                    + apr
                    + " 1.7.2-3+deb12u1) first: add it to the change, or install it beforehand; it is not installed on "
                    + world.customer + "-web, " + world.customer + "-web2");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM change_request").query(Long.class).single()).isEqualTo(before);

        // Both in one change: fine, and the prerequisite is installed first whatever
        // order they were given in.
        assertThat(submit(List.of(apachePatch, aprPatch), List.of(web, web2))).isNotNull();

        // Installed already (a later version counts) on one asset, not on the other:
        // still refused, naming the other.
        inventoryFacts.report(web, new ReportedFacts("Debian GNU/Linux 12 (bookworm)", false,
                List.of(new ReportedFacts.ReportedPackage(apr, "1.7.2-3+deb12u2", null))));
        assertThatThrownBy(() -> submit(List.of(apachePatch), List.of(web, web2)))
            .hasMessageEndingWith("it is not installed on " + world.customer + "-web2");
        assertThat(submit(List.of(apachePatch), List.of(web))).isNotNull();
    }

    @Test
    void twoVersionsOfOnePackageInOneChangeAreRefused() {
        long ws = world.asset("ws", Criticality.LOW, Exposure.INTERNAL, 0);
        String pkg = "curl-" + world.customer;
        long older = patches.create(new Patch(0, "Debian", PatchCatalog.vendorId("Debian", pkg, "7.88.1-10+deb12u7"),
                "curl", pkg, "7.88.1-10+deb12u7", PatchType.SECURITY, false, null, List.of()));
        long newer = patches.create(new Patch(0, "Debian", PatchCatalog.vendorId("Debian", pkg, "7.88.1-10+deb12u8"),
                "curl", pkg, "7.88.1-10+deb12u8", PatchType.SECURITY, false, null, List.of()));

        assertThatThrownBy(() -> submit(List.of(older, newer), List.of(ws)))
            .hasMessageEndingWith("keep only the newer, patch " + newer);
    }

    @Test
    void aBadFileIsRefusedNamingThePlaceAndNothingIsImported() {
        long patchesBefore = patches.count();
        String unknownPrerequisite = file().replace("\"requires\": [\"debian:" + apr,
                "\"requires\": [\"debian:nowhere-" + apr);
        assertThatThrownBy(() -> importText(unknownPrerequisite))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("file"))
            .hasMessage("advisories[1].requires[0]: debian:nowhere-" + apr
                    + ":1.7.2-3+deb12u1 is neither in this file nor in the catalog");
        assertThatThrownBy(() -> importText(file().replace("2.4.62-1~deb12u1", "2.4 62")))
            .hasMessageStartingWith("advisories[1].packages[0].version: '2.4 62' is not a Debian version");
        assertThatThrownBy(() -> importText(file().replace("\"type\": \"security\"", "\"type\": \"urgent\"")))
            .hasMessageStartingWith("advisories[1].type: 'urgent' is not one of");
        assertThatThrownBy(() -> importText(file().replace("CVE-2023-49582", "CVE-23-1")))
            .hasMessage("advisories[0].cves[0].id: 'CVE-23-1' is not a CVE id like CVE-2024-38475");
        assertThatThrownBy(() -> importText(file().replace("EXAMPLE-APR-", "EXAMPLE-APACHE-")))
            .hasMessage("advisories[1].id: advisory EXAMPLE-APACHE-" + world.customer + " appears twice in the file");
        assertThatThrownBy(() -> importText(file().substring(0, file().length() / 2)))
            .hasMessageStartingWith("the file is not JSON");
        assertThatThrownBy(() -> importText("{\"advisories\": []}")).hasMessage("\"advisories\" is empty");
        assertThat(patches.count()).isEqualTo(patchesBefore);
    }

    @Test
    void anImportThatWouldCloseARequirementCycleIsRefused() throws IOException {
        importText(file());
        String cycle = """
                {"advisories": [{"id": "EXAMPLE-APR-BACK-%1$s", "vendor": "Debian", "title": "apr again", "type": "SECURITY",
                  "packages": [{"name": "%3$s", "version": "1.7.2-3+deb12u1"}], "requires": ["debian:%2$s:2.4.62-1~deb12u1"]}]}
                """
            .formatted(world.customer, apache, apr);

        assertThatThrownBy(() -> importText(cycle)).hasMessageStartingWith("the requirements would form a cycle");
        String aprId = PatchCatalog.vendorId("Debian", apr, "1.7.2-3+deb12u1");
        assertThat(patches.relationsOf(List.of(patches.idsByVendorId(List.of(aprId)).get(aprId)))).isEmpty();
    }

    private Object submit(List<Long> patchIds, List<Long> assetIds) {
        return changes.submit(world.requester,
                new SubmitChange(world.customer, "advisory test", null, patchIds, assetIds, null, false, null));
    }

}
