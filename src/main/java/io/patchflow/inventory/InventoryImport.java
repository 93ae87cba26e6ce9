package io.patchflow.inventory;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;

/**
 * Imports assets from CSV. Every row is checked first; if any row is wrong, the whole
 * file is refused with an error per bad row and nothing changes. Assets are matched by
 * customer and hostname: known ones are updated, new ones created.
 */
@Service
public class InventoryImport {

    /** Who imports the inventory; the inventory page offers its form by the same rule. */
    public static final RoleRule IMPORT = RoleRule.anyOf("only admins and change managers import the inventory",
            Role.ADMIN, Role.CHANGE_MANAGER);

    public static final int MAX_ROWS = 50_000;
    static final List<String> COLUMNS = List.of("customer", "hostname", "os_family", "os_version", "os_end_of_life",
            "criticality", "exposure", "environment", "ring", "downtime_tolerance", "owner_group", "maintenance_window",
            "backup_profile", "tags");

    private static final Set<String> REQUIRED = Set.of("customer", "hostname", "os_family", "criticality", "exposure");

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,49}");

    public record Result(int created, int updated) {
    }

    private final InventoryRepository inventory;

    private final Customers customers;

    private final AuditTrail audit;

    InventoryImport(InventoryRepository inventory, Customers customers, AuditTrail audit) {
        this.inventory = inventory;
        this.customers = customers;
        this.audit = audit;
    }

    @Transactional
    public Result importCsv(Actor actor, Reader csv) {
        IMPORT.check(actor);
        List<AssetSpec> specs = parse(actor, csv);
        int created = 0;
        Map<String, Integer> perCustomer = new TreeMap<>();
        for (AssetSpec spec : specs) {
            if (inventory.save(spec).created()) {
                created++;
            }
            perCustomer.merge(spec.customerId(), 1, Integer::sum);
        }
        perCustomer.forEach((customer, count) -> audit.record(customer, null, actor.username(), "INVENTORY_IMPORTED",
                count + " asset(s) from CSV"));
        return new Result(created, specs.size() - created);
    }

    private List<AssetSpec> parse(Actor actor, Reader csv) {
        List<ImportRejected.RowError> errors = new ArrayList<>();
        List<AssetSpec> specs = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .build();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            Map<String, String> header = new HashMap<>();
            for (String name : parser.getHeaderNames()) {
                String column = name.toLowerCase(Locale.ROOT).replace(' ', '_');
                if (!COLUMNS.contains(column)) {
                    errors.add(new ImportRejected.RowError(1, name, "unknown column; known columns are " + COLUMNS));
                }
                header.put(column, name);
            }
            for (String required : REQUIRED) {
                if (!header.containsKey(required)) {
                    errors.add(new ImportRejected.RowError(1, required, "required column missing"));
                }
            }
            if (!errors.isEmpty()) {
                throw new ImportRejected(errors);
            }
            Map<String, Map<String, Long>> windows = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (specs.size() + errors.size() >= MAX_ROWS) {
                    errors.add(new ImportRejected.RowError(line, "", "at most " + MAX_ROWS + " rows per file"));
                    break;
                }
                Row row = new Row(record, header, line, errors);
                AssetSpec spec = row.spec(actor, windows, seen);
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        catch (IOException | IllegalStateException | IllegalArgumentException e) {
            errors.add(new ImportRejected.RowError(0, "", "the file is not valid CSV: " + e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new ImportRejected(errors);
        }
        if (specs.isEmpty()) {
            throw new ImportRejected(List.of(new ImportRejected.RowError(1, "", "the file has no rows")));
        }
        return specs;
    }

    /** One data row; collects its errors instead of stopping at the first. */
    private final class Row {

        private final CSVRecord record;

        private final Map<String, String> header;

        private final long line;

        private final List<ImportRejected.RowError> errors;

        private boolean bad;

        Row(CSVRecord record, Map<String, String> header, long line, List<ImportRejected.RowError> errors) {
            this.record = record;
            this.header = header;
            this.line = line;
            this.errors = errors;
        }

        AssetSpec spec(Actor actor, Map<String, Map<String, Long>> windows, Set<String> seen) {
            String customer = text("customer", 40, true);
            if (customer != null && (!actor.canSee(customer) || customers.find(customer).isEmpty())) {
                error("customer", "unknown customer " + customer);
                customer = null;
            }
            String hostname = text("hostname", 253, true);
            if (hostname != null && !HOSTNAME.matcher(hostname).matches()) {
                error("hostname", "a hostname is letters, digits, dots and hyphens, starting with a letter or digit");
            }
            if (hostname != null && customer != null && !seen.add(customer + "/" + hostname.toLowerCase(Locale.ROOT))) {
                error("hostname", hostname + " appears twice for customer " + customer);
            }
            String osFamily = text("os_family", 40, true);
            String osVersion = text("os_version", 60, false);
            LocalDate endOfLife = date("os_end_of_life");
            Criticality criticality = choice("criticality", Criticality.class, null);
            Exposure exposure = choice("exposure", Exposure.class, null);
            Environment environment = choice("environment", Environment.class, Environment.PRODUCTION);
            Integer ring = number("ring", 1);
            DowntimeTolerance tolerance = choice("downtime_tolerance", DowntimeTolerance.class, DowntimeTolerance.LOW);
            String ownerGroup = text("owner_group", 100, false);
            String backupProfile = text("backup_profile", 100, false);
            Long window = null;
            String windowName = text("maintenance_window", 200, false);
            if (windowName != null && customer != null) {
                window = windows.computeIfAbsent(customer, inventory::windowIdsByName).get(windowName);
                if (window == null) {
                    error("maintenance_window",
                            "customer " + customer + " has no maintenance window named " + windowName);
                }
            }
            Set<String> tags = new LinkedHashSet<>();
            String tagList = text("tags", 1000, false);
            if (tagList != null) {
                for (String tag : Arrays.stream(tagList.split(";"))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty())
                    .toList()) {
                    if (!TAG.matcher(tag).matches()) {
                        error("tags", "tag '" + tag + "' is 1 to 50 letters, digits or _ . : -");
                    }
                    tags.add(tag);
                }
            }
            if (bad) {
                return null;
            }
            return new AssetSpec(customer, hostname, osFamily, osVersion, endOfLife, criticality, exposure, environment,
                    ring, tolerance, ownerGroup, window, backupProfile, tags);
        }

        private String raw(String column) {
            String name = header.get(column);
            if (name == null || !record.isSet(name)) {
                return null;
            }
            String value = record.get(name);
            return value == null || value.isBlank() ? null : value;
        }

        private String text(String column, int max, boolean required) {
            String value = raw(column);
            if (value == null) {
                if (required) {
                    error(column, column + " is required");
                }
                return null;
            }
            if (value.length() > max) {
                error(column, column + " is at most " + max + " characters");
                return null;
            }
            return value;
        }

        private LocalDate date(String column) {
            String value = raw(column);
            try {
                return value == null ? null : LocalDate.parse(value);
            }
            catch (DateTimeParseException e) {
                error(column, "'" + value + "' is not a date like 2027-06-30");
                return null;
            }
        }

        private Integer number(String column, int fallback) {
            String value = raw(column);
            try {
                int number = value == null ? fallback : Integer.parseInt(value);
                if (number < 0 || number > 99) {
                    error(column, column + " is between 0 and 99");
                }
                return number;
            }
            catch (NumberFormatException e) {
                error(column, "'" + value + "' is not a whole number");
                return fallback;
            }
        }

        private <E extends Enum<E>> E choice(String column, Class<E> type, E fallback) {
            String value = raw(column);
            if (value == null) {
                if (fallback == null) {
                    error(column, column + " is required");
                }
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
            }
            catch (IllegalArgumentException e) {
                error(column, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
                return fallback;
            }
        }

        private void error(String field, String message) {
            bad = true;
            errors.add(new ImportRejected.RowError(line, field, message));
        }

    }

}
