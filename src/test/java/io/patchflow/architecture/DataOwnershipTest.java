package io.patchflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.patchflow.testsupport.RepositoryFiles;

/**
 * Each table is written by the package that owns it, and only there (ADR 0025).
 * ArchitectureTest keeps SQL inside repositories; this reads the repositories' SQL and
 * checks that every table they insert into, update, delete from or merge into belongs to
 * their own package. Reading another feature's table in a join is allowed and not checked
 * here.
 */
class DataOwnershipTest {

    /** Who owns which table; a new table in db/migration needs a line here. */
    private static final Map<String, Set<String>> OWNERS = Map.ofEntries(
            Map.entry("change", Set.of("change_request", "change_patch", "change_health_check")),
            Map.entry("deployment", Set.of("change_asset")), Map.entry("approval", Set.of("approval")),
            Map.entry("risk", Set.of("risk_assessment", "risk_assessment_rule")),
            Map.entry("schedule", Set.of("change_conflict", "blackout", "calendar_feed")),
            Map.entry("ticketing",
                    Set.of("ticket", "change_ticket", "ticket_note", "ticketing_connection",
                            "ticketing_webhook_event")),
            Map.entry("audit", Set.of("audit_event")),
            Map.entry("modeling",
                    Set.of("model_draft", "model_draft_revision", "model_draft_file", "model_review",
                            "model_publication", "model_migration")),
            Map.entry("inbox", Set.of("inbox_task", "inbox_saved_filter", "inbox_absence")),
            Map.entry("agent", Set.of("agent", "agent_job", "job_batch", "enrolment_token")),
            Map.entry("inventory",
                    Set.of("asset", "asset_tag", "asset_package", "asset_pending_patch", "maintenance_window",
                            "unauthorized_change")),
            Map.entry("patch", Set.of("patch", "patch_cve", "patch_relation", "advisory")),
            Map.entry("vulnerability", Set.of("kev_entry", "epss_score", "cve_record", "feed_import", "feed_lock")),
            Map.entry("policy", Set.of("customer_policy", "standard_template")),
            Map.entry("proposal", Set.of("change_proposal", "change_proposal_asset", "change_proposal_patch")),
            Map.entry("customer", Set.of("customer")),
            Map.entry("cab", Set.of("cab_meeting", "cab_agenda_item", "cab_attendee", "cab_vote")),
            Map.entry("notification",
                    Set.of("notification_outbox", "notification_preference", "notification_customer")),
            Map.entry("security", Set.of("app_user", "app_user_role", "app_user_customer", "login_throttle")));

    /**
     * SQL is written in capitals here; {@code UPDATE SET} is the update branch of a
     * MERGE.
     */
    private static final Pattern WRITE = Pattern
        .compile("\\b(?:INSERT\\s+INTO|(?<!FOR )UPDATE(?!\\s+SET\\b)|DELETE\\s+FROM|MERGE\\s+INTO)\\s+([a-z_]+)");

    private static final Pattern DROP = Pattern.compile("DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([a-z_]+)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern CREATE = Pattern.compile("CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_]+)",
            Pattern.CASE_INSENSITIVE);

    private static final Path CODE = RepositoryFiles.path("src", "main", "java", "io", "patchflow");

    @Test
    void everyTableIsWrittenOnlyByTheRepositoriesOfItsOwnPackage() throws IOException {
        List<String> foreign = new ArrayList<>();
        int writes = 0;
        for (Path repository : repositories()) {
            String feature = CODE.relativize(repository).getName(0).toString();
            for (String literal : literalsOf(Files.readString(repository))) {
                Matcher write = WRITE.matcher(literal);
                while (write.find()) {
                    writes++;
                    String table = write.group(1);
                    if (!OWNERS.getOrDefault(feature, Set.of()).contains(table)) {
                        foreign.add(CODE.relativize(repository) + " writes " + table + ", which belongs to "
                                + owner(table));
                    }
                }
            }
        }
        assertThat(writes).as("write statements found in repositories").isGreaterThan(50);
        assertThat(foreign).isEmpty();
    }

    /** The migration's version: 21 for {@code V21__inbox_offered_to_on_the_row.sql}. */
    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    @Test
    void everyTableOfTheMigrationsHasAnOwner() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> migrations = Files.list(RepositoryFiles.path("db", "migration"))) {
            for (Path migration : migrations.filter(p -> p.toString().endsWith(".sql"))
                .sorted(Comparator.comparingInt(DataOwnershipTest::version))
                .toList()) {
                String sql = Files.readString(migration);
                Matcher create = CREATE.matcher(sql);
                while (create.find()) {
                    tables.add(create.group(1).toLowerCase());
                }
                Matcher drop = DROP.matcher(sql);
                while (drop.find()) {
                    tables.remove(drop.group(1).toLowerCase());
                }
            }
        }
        assertThat(tables).hasSizeGreaterThan(40);
        assertThat(tables).allSatisfy(table -> assertThat(owner(table)).as(table).isNotEqualTo("nobody"));
    }

    /**
     * The file's string literals: where its SQL is. A statement may go on in the next
     * literal, but its table always follows the keyword in the same one.
     */
    private static List<String> literalsOf(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = Math.max(source.indexOf('\n', i), i + 1);
            }
            else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) + 2;
            }
            else if (source.startsWith("\"\"\"", i)) {
                int close = source.indexOf("\"\"\"", i + 3);
                literals.add(source.substring(i + 3, close));
                i = close + 3;
            }
            else if (c == '\'') {
                i = source.indexOf('\'', source.charAt(i + 1) == '\\' ? i + 3 : i + 2) + 1;
            }
            else if (c == '"') {
                StringBuilder literal = new StringBuilder();
                for (i++; source.charAt(i) != '"'; i++) {
                    if (source.charAt(i) == '\\') {
                        i++;
                    }
                    literal.append(source.charAt(i));
                }
                literals.add(literal.toString());
                i++;
            }
            else {
                i++;
            }
        }
        return literals;
    }

    private static String owner(String table) {
        return OWNERS.entrySet()
            .stream()
            .filter(e -> e.getValue().contains(table))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse("nobody");
    }

    private static List<Path> repositories() throws IOException {
        try (Stream<Path> files = Files.walk(CODE)) {
            return files.filter(p -> p.getFileName().toString().endsWith("Repository.java")).sorted().toList();
        }
    }

}
