package io.patchflow.audit;

/**
 * An event that belongs in the audit trail. A feature publishes it (Spring's
 * {@code ApplicationEventPublisher}) in the transaction that did what it describes;
 * {@link AuditTrail} records it in that same transaction, so the trail and the data never
 * disagree. The publisher needs no dependency on the trail.
 */
public interface Auditable {

    /**
     * The customer it concerns; null for what concerns no customer (a failed sign-in).
     */
    String customerId();

    /** The change it concerns, or null. */
    Long changeId();

    /** Who did it: a user name, {@code system}, or {@code agent:<id>}. */
    String actor();

    /** What happened, in capitals: {@code STATUS_APPROVED}, {@code CHANGE_CLOSED}, ... */
    String kind();

    String detail();

}
