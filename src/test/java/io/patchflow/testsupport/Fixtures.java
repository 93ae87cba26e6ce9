package io.patchflow.testsupport;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import io.patchflow.agent.AgentPrincipal;
import io.patchflow.agent.AgentRegistry;
import io.patchflow.agent.Enrolment;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.patch.Cve;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchType;
import io.patchflow.schedule.Blackout;
import io.patchflow.schedule.BlackoutSpec;
import io.patchflow.schedule.Blackouts;
import io.patchflow.security.Actor;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;

/**
 * Builds a fresh, isolated world per test: its own customer, people, assets (each with an
 * enrolled agent) and patches, so tests sharing one Spring context never see each other's
 * data.
 */
@Component
public class Fixtures {

    public static final String PASSWORD = "test-password";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Customers customers;

    private final Inventory inventory;

    private final PatchCatalog patches;

    private final UserDirectory users;

    private final AgentRegistry agents;

    private final PasswordEncoder passwords;

    private final Blackouts blackouts;

    public Fixtures(Customers customers, Inventory inventory, PatchCatalog patches, UserDirectory users,
            AgentRegistry agents, PasswordEncoder passwords, Blackouts blackouts) {
        this.blackouts = blackouts;
        this.customers = customers;
        this.inventory = inventory;
        this.patches = patches;
        this.users = users;
        this.agents = agents;
        this.passwords = passwords;
    }

    public World world() {
        return new World("c" + SEQUENCE.incrementAndGet());
    }

    /** One customer with its people, assets, patches and agents. */
    public final class World {

        public final String customer;

        public final Actor requester;

        public final Actor approver1;

        public final Actor approver2;

        public final Actor changeManager;

        public final long alwaysOpen;

        private final Map<String, Long> assetIds = new LinkedHashMap<>();

        private final Map<String, AgentPrincipal> agentsByHost = new LinkedHashMap<>();

        private final String enrolmentToken;

        World(String customer) {
            this.customer = customer;
            customers.create(new Customer(customer, "Customer " + customer));
            requester = person("requester", Role.REQUESTER);
            approver1 = person("approver1", Role.APPROVER);
            approver2 = person("approver2", Role.APPROVER);
            changeManager = person("manager", Role.CHANGE_MANAGER);
            alwaysOpen = inventory.createWindow(customer, "always", ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class),
                    LocalTime.MIDNIGHT, Duration.ofDays(1));
            enrolmentToken = agents.issueEnrolmentToken(customer, Duration.ofHours(1), 10_000, "test");
        }

        public Actor person(String name, Role... roles) {
            String username = customer + "-" + name;
            users.create(new AppUser(username, name + " of " + customer, username + "@test.invalid",
                    passwords.encode(PASSWORD), true, Set.of(roles), Set.of(customer)));
            return new Actor(username, Set.of(roles), Set.of(customer));
        }

        public long asset(String host, Criticality criticality, Exposure exposure, int ring) {
            return asset(host, criticality, exposure, ring, alwaysOpen);
        }

        public long asset(String host, Criticality criticality, Exposure exposure, int ring, Long window) {
            String hostname = customer + "-" + host;
            long id = inventory.createAsset(customer, hostname, "Debian", "12", criticality, exposure, ring, window);
            assetIds.put(host, id);
            Enrolment enrolment = agents.enrol(enrolmentToken, hostname, false, "test").orElseThrow();
            agentsByHost.put(host, agents.authenticate(enrolment.agentId(), enrolment.agentSecret()).orElseThrow());
            return id;
        }

        public long window(ZoneId zone, Set<DayOfWeek> days, LocalTime start, Duration length) {
            return inventory.createWindow(customer, "window-" + SEQUENCE.incrementAndGet(), zone, days, start, length);
        }

        /** A blackout of this customer only. */
        public long blackout(String name, Instant start, Instant end, Blackout.Kind kind) {
            return blackouts
                .declare(changeManager,
                        new BlackoutSpec(customer, name, start.atOffset(java.time.ZoneOffset.UTC),
                                end.atOffset(java.time.ZoneOffset.UTC), kind.name()))
                .blackout()
                .id();
        }

        public long assetId(String host) {
            return assetIds.get(host);
        }

        public List<Long> assets(String... hosts) {
            List<Long> ids = new ArrayList<>();
            for (String host : hosts) {
                ids.add(assetIds.get(host));
            }
            return ids;
        }

        public AgentPrincipal agent(String host) {
            return agentsByHost.get(host);
        }

        public String enrolmentToken() {
            return enrolmentToken;
        }

    }

    /** A security patch for one exploited CVE with the given CVSS score. */
    public long exploitedPatch(String cvss) {
        int n = SEQUENCE.incrementAndGet();
        return patches.create(new Patch(0, "Debian", "test:exploited:" + n, "exploited fix " + n, "pkg" + n, "1.0-" + n,
                PatchType.SECURITY, false, LocalDate.now(),
                List.of(new Cve("CVE-2099-" + (10000 + n), new BigDecimal(cvss), true))));
    }

    /**
     * A routine maintenance update without CVEs and without reboot: a standard change on
     * ordinary assets.
     */
    public long maintenancePatch() {
        int n = SEQUENCE.incrementAndGet();
        return patches.create(new Patch(0, "Debian", "test:maintenance:" + n, "maintenance " + n, "tzdata",
                "2099a-" + n, PatchType.MAINTENANCE, false, LocalDate.now(), List.of()));
    }

    /** A security patch with a medium CVSS score and no known exploitation. */
    public long mediumPatch() {
        int n = SEQUENCE.incrementAndGet();
        return patches.create(new Patch(0, "Debian", "test:medium:" + n, "medium fix " + n, "lib" + n, "2.0-" + n,
                PatchType.SECURITY, false, LocalDate.now(),
                List.of(new Cve("CVE-2099-" + (20000 + n), new BigDecimal("5.3"), false))));
    }

}
