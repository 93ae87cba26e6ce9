package io.patchflow.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.patchflow.shared.InvalidInputException;

/**
 * A customer's policy as people write it: SLA deadlines and the bake time as ISO 8601
 * durations ({@code PT48H}, {@code P14D}), the pilot share in percent, the gate threshold
 * as a rate (0..1), the bulk approval limit as a count of tasks (0 to 100, 0 = off).
 * {@link #toPolicy} checks every field and names the first one that is wrong. A
 * {@code bulkApprovalLimit} left out keeps what the customer has: a client written before
 * the field existed must not switch bulk approval back on by saving the policy.
 */
public record PolicySpec(String slaKnownExploited, String slaCritical, String slaHigh, String slaMedium, String slaLow,
        Integer pilotSharePercent, String bakeTime, BigDecimal gateThreshold, Boolean backupAllChanges,
        Boolean proposalsEnabled, Integer bulkApprovalLimit) {

    /** Without a bulk approval limit: the customer's stays as it is. */
    public PolicySpec(String slaKnownExploited, String slaCritical, String slaHigh, String slaMedium, String slaLow,
            Integer pilotSharePercent, String bakeTime, BigDecimal gateThreshold, Boolean backupAllChanges,
            Boolean proposalsEnabled) {
        this(slaKnownExploited, slaCritical, slaHigh, slaMedium, slaLow, pilotSharePercent, bakeTime, gateThreshold,
                backupAllChanges, proposalsEnabled, null);
    }

    /** No SLA is longer than a year: a deadline further out is not a deadline. */
    static final Duration MAX_SLA = Duration.ofDays(366);
    static final Duration MAX_BAKE_TIME = Duration.ofDays(30);

    public static PolicySpec of(CustomerPolicy policy) {
        CustomerPolicy.Sla sla = policy.sla();
        return new PolicySpec(iso(sla.knownExploited()), iso(sla.critical()), iso(sla.high()), iso(sla.medium()),
                iso(sla.low()), policy.rings().pilotSharePercent(), iso(policy.rings().bakeTime()),
                policy.gateThreshold(), policy.backupAllChanges(), policy.proposalsEnabled(),
                policy.bulkApprovalLimit());
    }

    /**
     * As people write it: {@code P7D} rather than {@link Duration#toString()}'s
     * {@code PT168H}; under three days in hours.
     */
    static String iso(Duration duration) {
        long days = duration.toDays();
        if (days >= 3 && duration.equals(Duration.ofDays(days))) {
            return "P" + days + "D";
        }
        return duration.toString();
    }

    /** The policy, with the default bulk approval limit where this spec has none. */
    public CustomerPolicy toPolicy(String customerId, List<StandardTemplate> templates) {
        return toPolicy(customerId, templates, CustomerPolicy.DEFAULT_BULK_APPROVAL_LIMIT);
    }

    /**
     * The policy, with {@code currentBulkLimit} (the customer's until now) where this
     * spec has no bulk approval limit.
     */
    public CustomerPolicy toPolicy(String customerId, List<StandardTemplate> templates, int currentBulkLimit) {
        Duration kev = sla("slaKnownExploited", slaKnownExploited);
        Duration critical = sla("slaCritical", slaCritical);
        Duration high = sla("slaHigh", slaHigh);
        Duration medium = sla("slaMedium", slaMedium);
        Duration low = sla("slaLow", slaLow);
        // A more urgent band never gets more time than a less urgent one.
        notLonger("slaKnownExploited", kev, "slaCritical", critical);
        notLonger("slaCritical", critical, "slaHigh", high);
        notLonger("slaHigh", high, "slaMedium", medium);
        notLonger("slaMedium", medium, "slaLow", low);
        if (pilotSharePercent == null || pilotSharePercent < 1 || pilotSharePercent > 100) {
            throw new InvalidInputException("pilotSharePercent", "pilotSharePercent is a whole number from 1 to 100");
        }
        Duration bake = duration("bakeTime", bakeTime);
        if (bake.isNegative() || bake.compareTo(MAX_BAKE_TIME) > 0) {
            throw new InvalidInputException("bakeTime", "bakeTime is between PT0S and P30D, was " + bakeTime);
        }
        if (gateThreshold == null || gateThreshold.signum() < 0 || gateThreshold.compareTo(BigDecimal.ONE) > 0
                || gateThreshold.scale() > 3) {
            throw new InvalidInputException("gateThreshold",
                    "gateThreshold is a rate from 0 to 1 with at most three decimals, e.g. 0.95");
        }
        if (backupAllChanges == null) {
            throw new InvalidInputException("backupAllChanges", "backupAllChanges is true or false");
        }
        if (proposalsEnabled == null) {
            throw new InvalidInputException("proposalsEnabled", "proposalsEnabled is true or false");
        }
        int bulkLimit = bulkApprovalLimit == null ? currentBulkLimit : bulkApprovalLimit;
        if (bulkLimit < 0 || bulkLimit > CustomerPolicy.MAX_BULK_APPROVAL_LIMIT) {
            throw new InvalidInputException("bulkApprovalLimit", "bulkApprovalLimit is a whole number from 0 (no bulk "
                    + "approval) to " + CustomerPolicy.MAX_BULK_APPROVAL_LIMIT + ", was " + bulkLimit);
        }
        return new CustomerPolicy(customerId, new CustomerPolicy.Sla(kev, critical, high, medium, low),
                new CustomerPolicy.RingPlan(pilotSharePercent, bake), gateThreshold, backupAllChanges, proposalsEnabled,
                bulkLimit, templates, true);
    }

    private static Duration sla(String field, String text) {
        Duration value = duration(field, text);
        if (value.compareTo(Duration.ofHours(1)) < 0 || value.compareTo(MAX_SLA) > 0) {
            throw new InvalidInputException(field, field + " is between PT1H and P366D, was " + text);
        }
        return value;
    }

    private static Duration duration(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, field + " is required: an ISO 8601 duration such as PT48H or P14D");
        }
        try {
            return Duration.parse(text.strip());
        }
        catch (DateTimeParseException e) {
            throw new InvalidInputException(field,
                    field + " '" + text + "' is not an ISO 8601 duration such as PT48H or P14D");
        }
    }

    private static void notLonger(String urgentField, Duration urgent, String lessField, Duration less) {
        if (urgent.compareTo(less) > 0) {
            throw new InvalidInputException(urgentField, urgentField + " (" + iso(urgent) + ") is longer than "
                    + lessField + " (" + iso(less) + "): a more urgent band gets no more time");
        }
    }
}
