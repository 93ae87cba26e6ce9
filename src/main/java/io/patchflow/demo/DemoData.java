package io.patchflow.demo;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.AssetSpec;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.DowntimeTolerance;
import io.patchflow.inventory.Environment;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.patch.Cve;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchType;
import io.patchflow.policy.Policies;
import io.patchflow.policy.StandardTemplate;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;
import io.patchflow.vulnerability.Feed;
import io.patchflow.vulnerability.FeedImports;

/**
 * The demo data set (profile {@code demo}): two customers, 22 assets in two rings,
 * patches with real CVE ids from the CISA KEV catalog (CVSS base scores from NVD), one
 * user per role, and maintenance windows that are always open so a change runs end to end
 * in minutes, a standard change template for the Globex lab machines, and the real CISA
 * KEV catalog (catalog version 2025.08.25). Loaded once, into an empty database. What the
 * simulated agents report (pending updates, from which the proposal run proposes changes)
 * is in application-demo.yaml.
 */
@Component
@ConditionalOnProperty(name = "patchflow.demo.enabled", havingValue = "true")
public class DemoData implements ApplicationRunner {

    public static final String PASSWORD = "demo";

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final Customers customers;

    private final Inventory inventory;

    private final PatchCatalog patches;

    private final UserDirectory users;

    private final PasswordEncoder passwords;

    private final Policies policies;

    private final FeedImports feeds;

    private final TransactionTemplate transactions;

    private final Duration bakeTime;

    DemoData(Customers customers, Inventory inventory, PatchCatalog patches, UserDirectory users,
            PasswordEncoder passwords, Policies policies, FeedImports feeds, TransactionTemplate transactions,
            @Value("${patchflow.demo.bake-time:PT30S}") Duration bakeTime) {
        this.bakeTime = bakeTime;
        this.customers = customers;
        this.inventory = inventory;
        this.patches = patches;
        this.users = users;
        this.passwords = passwords;
        this.policies = policies;
        this.feeds = feeds;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) throws java.io.IOException {
        if (customers.find("acme").isPresent()) {
            log.info("demo data already loaded");
            return;
        }
        transactions.executeWithoutResult(status -> load());
        // The import keeps its own record and transaction, as an administrator's upload
        // would.
        try (java.io.InputStream kev = DemoData.class.getResourceAsStream(KEV_CATALOG)) {
            feeds.importStream(Feed.KEV, java.util.Objects.requireNonNull(kev, KEV_CATALOG), "demo: " + KEV_CATALOG,
                    "demo");
        }
    }

    static final String KEV_CATALOG = "/demo/kev/known_exploited_vulnerabilities.json";

    private void load() {
        customers.create(new Customer("acme", "Acme Manufacturing"));
        customers.create(new Customer("globex", "Globex Clinics"));
        long acmeWindow = inventory.createWindow("acme", "Demo: always open", ZoneId.of("Europe/Berlin"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, Duration.ofDays(1));
        long globexWindow = inventory.createWindow("globex", "Demo: always open", ZoneId.of("America/New_York"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, Duration.ofDays(1));

        asset("acme", "acme-web-01", "Debian", "12", Criticality.HIGH, Exposure.INTERNET_FACING, 0, acmeWindow);
        asset("acme", "acme-app-01", "Debian", "12", Criticality.MEDIUM, Exposure.INTERNAL, 0, acmeWindow);
        asset("acme", "acme-ws-01", "Ubuntu", "24.04", Criticality.LOW, Exposure.INTERNAL, 0, acmeWindow);
        asset("acme", "acme-web-02", "Debian", "12", Criticality.HIGH, Exposure.INTERNET_FACING, 1, acmeWindow);
        asset("acme", "acme-app-02", "Debian", "12", Criticality.MEDIUM, Exposure.INTERNAL, 1, acmeWindow);
        asset("acme", "acme-db-01", "Debian", "12", Criticality.CRITICAL, Exposure.INTERNAL, 1, acmeWindow);
        for (int i = 2; i <= 5; i++) {
            asset("acme", "acme-ws-0" + i, "Ubuntu", "24.04", Criticality.LOW, Exposure.INTERNAL, 1, acmeWindow);
        }
        asset("globex", "globex-portal-01", "Ubuntu", "22.04", Criticality.HIGH, Exposure.INTERNET_FACING, 0,
                globexWindow);
        asset("globex", "globex-lab-01", "Debian", "12", Criticality.LOW, Exposure.INTERNAL, 0, globexWindow);
        asset("globex", "globex-portal-02", "Ubuntu", "22.04", Criticality.HIGH, Exposure.INTERNET_FACING, 1,
                globexWindow);
        asset("globex", "globex-ehr-01", "Debian", "12", Criticality.CRITICAL, Exposure.INTERNAL, 1, globexWindow);
        for (int i = 2; i <= 9; i++) {
            inventory.save(new AssetSpec("globex", "globex-lab-0" + i, "Debian", "12", null, Criticality.LOW,
                    Exposure.INTERNAL, Environment.TEST, 1, DowntimeTolerance.HIGH, "lab-team", globexWindow, null,
                    Set.of("lab")));
        }
        // Pre-approved: maintenance and application updates on the lab machines run as
        // standard changes, so the lab's pending tzdata update (reported by its simulated
        // agents) is submitted by the proposal run. The demo's rings bake for 30 seconds
        // (patchflow.demo.bake-time), not the default day, so a change deploys while you
        // watch.
        for (String customer : List.of("acme", "globex")) {
            io.patchflow.policy.CustomerPolicy defaults = io.patchflow.policy.CustomerPolicy.defaults(customer);
            policies.install(new io.patchflow.policy.CustomerPolicy(customer, defaults.sla(),
                    new io.patchflow.policy.CustomerPolicy.RingPlan(defaults.rings().pilotSharePercent(), bakeTime),
                    defaults.gateThreshold(), false, true, defaults.bulkApprovalLimit(), List.of(), true), "demo");
        }
        policies.installTemplate(
                new StandardTemplate(0, "globex", "Lab maintenance updates",
                        EnumSet.of(PatchType.MAINTENANCE, PatchType.APPLICATION), Criticality.LOW, false, "lab"),
                "demo");

        patch("Debian", "debian:git:1:2.39.5-0+deb12u2", "git: arbitrary file write on clone (CVE-2025-48384)", "git",
                "1:2.39.5-0+deb12u2", PatchType.SECURITY, false, LocalDate.of(2025, 7, 8),
                List.of(new Cve("CVE-2025-48384", new BigDecimal("8.0"), true)));
        patch("Debian", "debian:linux:6.1.76-1",
                "Linux kernel: nf_tables use-after-free, OverlayFS privilege escalation", "linux-image-amd64",
                "6.1.76-1", PatchType.SECURITY, true, LocalDate.of(2024, 2, 1),
                List.of(new Cve("CVE-2024-1086", new BigDecimal("7.8"), true),
                        new Cve("CVE-2023-0386", new BigDecimal("7.8"), true)));
        patch("Debian", "debian:apache2:2.4.62-1~deb12u1", "Apache HTTP Server: mod_rewrite escaping (CVE-2024-38475)",
                "apache2", "2.4.62-1~deb12u1", PatchType.SECURITY, false, LocalDate.of(2024, 7, 18),
                List.of(new Cve("CVE-2024-38475", new BigDecimal("9.1"), true)));
        patch("Debian", "debian:tomcat10:10.1.40-1~deb12u1",
                "Apache Tomcat: partial PUT remote code execution (CVE-2025-24813)", "tomcat10", "10.1.40-1~deb12u1",
                PatchType.SECURITY, false, LocalDate.of(2025, 4, 10),
                List.of(new Cve("CVE-2025-24813", new BigDecimal("9.8"), true)));
        patch("Ubuntu", "ubuntu:linux-image-generic:6.8.0-57.59",
                "Linux kernel: UVC driver out-of-bounds write (CVE-2024-53104)", "linux-image-generic", "6.8.0-57.59",
                PatchType.SECURITY, true, LocalDate.of(2025, 3, 26),
                List.of(new Cve("CVE-2024-53104", new BigDecimal("7.8"), true)));
        patch("Debian", "debian:tzdata:2025b-0+deb12u1", "tzdata: time zone rule updates", "tzdata", "2025b-0+deb12u1",
                PatchType.MAINTENANCE, false, LocalDate.of(2025, 3, 25), List.of());
        patch("Dell", "dell:poweredge-r650-bios:1.16.2", "PowerEdge R650 BIOS 1.16.2", "bios-r650", "1.16.2",
                PatchType.FIRMWARE, true, LocalDate.of(2025, 5, 14), List.of());

        user("alice", "Alice Requester", Set.of(Role.REQUESTER), Set.of("acme", "globex"));
        user("bob", "Bob Approver", Set.of(Role.APPROVER), Set.of("acme", "globex"));
        user("carol", "Carol Approver", Set.of(Role.APPROVER), Set.of("acme", "globex"));
        user("dave", "Dave Change-Manager", Set.of(Role.CHANGE_MANAGER), Set.of("acme", "globex"));
        user("erin", "Erin Service-Desk", Set.of(Role.SERVICE_DESK), Set.of("acme", "globex"));
        user("frank", "Frank Process-Analyst", Set.of(Role.PROCESS_ANALYST), Set.of("acme", "globex"));
        // A model change is reviewed by a second analyst.
        user("hana", "Hana Process-Analyst", Set.of(Role.PROCESS_ANALYST), Set.of("acme", "globex"));
        user("grace", "Grace Auditor", Set.of(Role.AUDITOR), Set.of("acme", "globex"));
        user("admin", "Ada Admin", Set.of(Role.ADMIN), Set.of("acme", "globex"));
        // Sees Globex only: shows per-customer isolation.
        user("gina", "Gina Globex-Requester", Set.of(Role.REQUESTER), Set.of("globex"));
        log.info(
                "demo data loaded: 2 customers, 22 assets, 7 patches, 1 standard change template, 10 users (password '{}')",
                PASSWORD);
    }

    private void asset(String customer, String hostname, String os, String version, Criticality criticality,
            Exposure exposure, int ring, long window) {
        inventory.createAsset(customer, hostname, os, version, criticality, exposure, ring, window);
    }

    private void patch(String vendor, String vendorId, String title, String pkg, String version, PatchType type,
            boolean reboot, LocalDate released, List<Cve> cves) {
        patches.create(new Patch(0, vendor, vendorId, title, pkg, version, type, reboot, released, cves));
    }

    private void user(String username, String name, Set<Role> roles, Set<String> customerIds) {
        users.create(new AppUser(username, name, username + "@demo.patchflow.test", passwords.encode(PASSWORD), true,
                roles, customerIds));
    }

}
