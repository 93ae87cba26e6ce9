package io.patchflow.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * How one customer wants patches handled: SLA deadlines by severity, the ring plan, the
 * wave gate, backups, whether Patchflow proposes changes, how many tasks one bulk
 * approval may hold ({@code bulkApprovalLimit}, 0 = no bulk approval), and the
 * pre-approved standard change templates. A customer without a stored policy gets
 * {@link #defaults(String)}.
 */
public record CustomerPolicy(String customerId, Sla sla, RingPlan rings, BigDecimal gateThreshold,
        boolean backupAllChanges, boolean proposalsEnabled, int bulkApprovalLimit, List<StandardTemplate> templates,
        boolean stored) {

    /**
     * How many tasks of the customer one bulk approval may hold unless the policy says
     * otherwise.
     */
    public static final int DEFAULT_BULK_APPROVAL_LIMIT = 20;

    /** The most tasks of one customer a bulk approval may ever hold. */
    public static final int MAX_BULK_APPROVAL_LIMIT = 100;

    public CustomerPolicy {
        templates = List.copyOf(templates);
    }

    public static CustomerPolicy defaults(String customerId) {
        return new CustomerPolicy(customerId, Sla.DEFAULT, RingPlan.DEFAULT, new BigDecimal("0.900"), false, true,
                DEFAULT_BULK_APPROVAL_LIMIT, List.of(), false);
    }

    /** Whether people may approve this customer's eligible tasks in bulk (ADR 0037). */
    public boolean bulkApprovalEnabled() {
        return bulkApprovalLimit > 0;
    }

    /**
     * How long after the clock starts a patch of each band must be installed.
     * Known-exploited patches are also due by the KEV catalog's own due date, whichever
     * comes first.
     */
    public record Sla(Duration knownExploited, Duration critical, Duration high, Duration medium, Duration low) {

        public static final Sla DEFAULT = new Sla(Duration.ofHours(48), Duration.ofDays(7), Duration.ofDays(14),
                Duration.ofDays(30), Duration.ofDays(90));

        public Duration of(SlaBand band) {
            return switch (band) {
                case KNOWN_EXPLOITED -> knownExploited;
                case CRITICAL -> critical;
                case HIGH -> high;
                case MEDIUM -> medium;
                case LOW -> low;
            };
        }

        /**
         * When a patch of this band is due if its clock started at {@code start}, and
         * why.
         */
        public Deadline deadline(SlaBand band, Instant start, LocalDate kevDueDate) {
            Instant byPolicy = start.plus(of(band));
            String policy = format(of(band)) + " for " + band.name().toLowerCase().replace('_', '-') + " patches";
            if (band == SlaBand.KNOWN_EXPLOITED && kevDueDate != null) {
                // CISA's due date is a day: the end of that day, UTC.
                Instant byCatalog = kevDueDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (byCatalog.isBefore(byPolicy)) {
                    return new Deadline(band, byCatalog,
                            "CISA KEV due date " + kevDueDate + ", sooner than the policy's " + policy);
                }
                return new Deadline(band, byPolicy,
                        "policy: " + policy + ", sooner than the CISA KEV due date " + kevDueDate);
            }
            return new Deadline(band, byPolicy, "policy: " + policy);
        }
    }

    public record Deadline(SlaBand band, Instant dueAt, String basis) {
    }

    /**
     * The first wave takes the pilot ring (ring 0) or, without one, this share of the
     * assets; waves wait {@code bakeTime} between them.
     */
    public record RingPlan(int pilotSharePercent, Duration bakeTime) {

        public static final RingPlan DEFAULT = new RingPlan(10, Duration.ofHours(24));

    }

    static String format(Duration duration) {
        if (duration.toHours() < 72 || duration.toHours() % 24 != 0) {
            return duration.toHours() + " hours";
        }
        return duration.toDays() + " days";
    }
}
