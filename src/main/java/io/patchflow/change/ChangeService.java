package io.patchflow.change;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.customer.Customers;
import io.patchflow.inventory.Asset;
import io.patchflow.inventory.Inventory;
import io.patchflow.inventory.WindowCalendar;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchRelation;
import io.patchflow.patch.PatchSetPolicy;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;
import io.patchflow.shared.TicketReference;

/** What people do with changes: submit, look at, cancel. */
@Service
public class ChangeService {

    /** Who submits changes; the new-change page offers its form by the same rule. */
    public static final RoleRule SUBMIT = RoleRule.anyOf("only requesters and change managers submit changes",
            Role.REQUESTER, Role.CHANGE_MANAGER);

    /** One change may span thousands of assets; beyond this, split it. */
    public static final int MAX_ASSETS = 10_000;

    public static final int MAX_PATCHES = 100;

    private static final int CANCEL_ATTEMPTS = 4;

    private final ChangeRepository changes;

    private final Customers customers;

    private final Inventory inventory;

    private final PatchCatalog patches;

    private final ChangeProcess process;

    private final ApplicationEventPublisher events;

    private final TransactionTemplate transactions;

    private final Consumer<Duration> pause;

    @Autowired
    ChangeService(ChangeRepository changes, Customers customers, Inventory inventory, PatchCatalog patches,
            ChangeProcess process, ApplicationEventPublisher events, PlatformTransactionManager transactionManager) {
        this(changes, customers, inventory, patches, process, events, transactionManager, ChangeService::sleep);
    }

    /**
     * {@code pause} waits between attempts of a cancellation; tests pass one that only
     * records.
     */
    ChangeService(ChangeRepository changes, Customers customers, Inventory inventory, PatchCatalog patches,
            ChangeProcess process, ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            Consumer<Duration> pause) {
        this.changes = changes;
        this.customers = customers;
        this.inventory = inventory;
        this.patches = patches;
        this.process = process;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.pause = pause;
    }

    /**
     * Validates and records a change, then starts its process. One transaction: on any
     * error, nothing is created.
     */
    @Transactional
    public ChangeRequest submit(Actor actor, SubmitChange request) {
        SUBMIT.check(actor);
        String customerId = request.customerId();
        if (customerId == null || customerId.isBlank()) {
            throw new InvalidInputException("customerId", "customerId is required");
        }
        if (!actor.canSee(customerId) || customers.find(customerId).isEmpty()) {
            throw new InvalidInputException("customerId", "unknown customer " + customerId);
        }
        String title = request.title() == null ? "" : request.title().strip();
        if (title.isEmpty()) {
            throw new InvalidInputException("title", "title is required");
        }
        if (title.length() > 200) {
            throw new InvalidInputException("title", "title is at most 200 characters");
        }
        if (request.description() != null && request.description().length() > 4000) {
            throw new InvalidInputException("description", "description is at most 4000 characters");
        }
        List<Long> patchIds = distinct("patchIds", request.patchIds(), MAX_PATCHES, "patch");
        List<Long> assetIds = distinct("assetIds", request.assetIds(), MAX_ASSETS, "asset");
        List<Patch> found = patches.find(patchIds);
        if (found.size() != patchIds.size()) {
            Set<Long> missing = new TreeSet<>(patchIds);
            found.forEach(p -> missing.remove(p.id()));
            throw new InvalidInputException("patchIds", "unknown patch ids " + missing);
        }
        List<Asset> assets = inventory.assets(assetIds);
        Set<Long> missing = new TreeSet<>(assetIds);
        assets.stream().filter(a -> a.customerId().equals(customerId)).forEach(a -> missing.remove(a.id()));
        if (!missing.isEmpty()) {
            // Another customer's asset looks exactly like one that does not exist.
            throw new InvalidInputException("assetIds",
                    "unknown asset ids for customer " + customerId + ": " + missing);
        }
        List<PatchRelation> relations = patches.relationsOf(patchIds);
        // Refuses two versions of one package, a patch next to the one that supersedes
        // it, and requirement cycles.
        PatchSetPolicy.installOrder(found, relations);
        requirePrerequisites(found, relations, assets);
        List<HealthCheck> checks = new java.util.ArrayList<>();
        if (request.healthChecks() != null) {
            if (request.healthChecks().size() > HealthCheck.MAX_PER_CHANGE) {
                throw new InvalidInputException("healthChecks",
                        "at most " + HealthCheck.MAX_PER_CHANGE + " health checks per change");
            }
            for (int i = 0; i < request.healthChecks().size(); i++) {
                if (request.healthChecks().get(i) == null) {
                    throw new InvalidInputException("healthChecks[" + i + "]", "a health check has a type");
                }
                checks.add(request.healthChecks().get(i).checked(i));
            }
        }
        OffsetDateTime requestedStart = request.requestedStart();
        if (requestedStart != null && requestedStart.isAfter(OffsetDateTime.now().plusYears(1))) {
            throw new InvalidInputException("requestedStart", "requestedStart is at most one year ahead");
        }
        if (request.ticketReference() != null && !request.ticketReference().isBlank()) {
            TicketReference.check("ticketReference", request.ticketReference());
        }
        // A change must fit into one moment when all its assets' windows are open (an
        // emergency does not wait for windows). Refused now rather than failing later,
        // when it is scheduled.
        Instant earliest = requestedStart == null ? Instant.now() : requestedStart.toInstant();
        if (!request.emergency()
                && WindowCalendar.firstCommonOpening(inventory.windowsOfAssets(assetIds), earliest).isEmpty()) {
            throw new InvalidInputException("assetIds",
                    "the maintenance windows of these assets are never open at the same time in the next "
                            + WindowCalendar.HORIZON.toDays()
                            + " days; split the change by window or mark it as an emergency");
        }

        if (request.slaClockStart() != null && request.slaClockStart().isAfter(Instant.now())) {
            throw new InvalidInputException("slaClockStart", "the SLA clock cannot start in the future");
        }

        ChangeId id = changes.insert(customerId, title, request.description(), actor.username(), request.emergency(),
                requestedStart, request.slaClockStart());
        changes.insertPatches(id, patchIds);
        changes.insertHealthChecks(id, checks);
        ChangeRequest created = changes.find(id).orElseThrow();
        String ticket = request.ticketReference() == null || request.ticketReference().isBlank() ? null
                : request.ticketReference();
        // Deployment takes the assets, ticketing links the ticket, the audit trail
        // records it.
        events.publishEvent(new ChangeSubmitted(created, patchIds, assetIds, ticket));
        String instance = process.start(created);
        changes.setProcessInstance(id, instance);
        return changes.find(id).orElseThrow();
    }

    /**
     * A patch that requires another needs it in the same change (installed first) or
     * already installed on every asset of the change, as the assets' agents last
     * reported.
     */
    private void requirePrerequisites(List<Patch> patchList, List<PatchRelation> relations, List<Asset> assets) {
        Set<Long> inChange = new java.util.HashSet<>();
        patchList.forEach(p -> inChange.add(p.id()));
        List<PatchRelation> outside = relations.stream()
            .filter(r -> r.kind() == PatchRelation.Kind.REQUIRES && !inChange.contains(r.relatedId()))
            .toList();
        if (outside.isEmpty()) {
            return;
        }
        java.util.Map<Long, Patch> byId = new java.util.HashMap<>();
        patchList.forEach(p -> byId.put(p.id(), p));
        patches.find(outside.stream().map(PatchRelation::relatedId).distinct().toList())
            .forEach(p -> byId.put(p.id(), p));
        List<Long> assetIds = assets.stream().map(Asset::id).toList();
        java.util.Map<Long, java.util.Map<String, String>> installed = inventory.installedVersions(assetIds,
                outside.stream().map(r -> byId.get(r.relatedId()).packageName()).distinct().toList());
        for (PatchRelation r : outside) {
            Patch required = byId.get(r.relatedId());
            List<String> lacking = assets.stream()
                .filter(a -> !PatchSetPolicy.satisfies(
                        installed.getOrDefault(a.id(), java.util.Map.of()).get(required.packageName()),
                        required.version()))
                .map(Asset::hostname)
                .sorted()
                .toList();
            if (!lacking.isEmpty()) {
                throw new InvalidInputException("patchIds",
                        PatchSetPolicy.describe(byId.get(r.patchId())) + " requires "
                                + PatchSetPolicy.describe(required)
                                + " first: add it to the change, or install it beforehand; it is not installed on "
                                + String.join(", ", lacking.subList(0, Math.min(5, lacking.size())))
                                + (lacking.size() > 5 ? " and " + (lacking.size() - 5) + " more" : ""));
            }
        }
    }

    public ChangeRequest get(Actor actor, ChangeId id) {
        return changes.find(id)
            .filter(c -> actor.canSee(c.customerId()))
            .orElseThrow(() -> new NotFoundException("no change " + id));
    }

    /**
     * The changes of the actor's customers that match the query, newest first. A customer
     * the actor does not see is refused as unknown, as when submitting: another
     * customer's looks exactly like one that does not exist.
     */
    public Page<ChangeRequest> list(Actor actor, ChangeQuery query) {
        if (query.customer() != null && !actor.canSee(query.customer())) {
            throw new InvalidInputException("customer", "unknown customer " + query.customer());
        }
        return changes.search(actor.customerIds(), query);
    }

    public boolean cancellable(Actor actor, ChangeRequest change) {
        return !change.status().deploymentStarted() && mayCancel(actor, change);
    }

    /**
     * Cancels the change through its process. The process may be busy at that very moment
     * (the job executor has just taken its next step, the risk assessment of a change
     * submitted a second ago): the engine then refuses the cancellation on optimistic
     * locking, and it is tried again in a new transaction, a few times, before the person
     * is told to try again (409).
     */
    public void cancel(Actor actor, ChangeId id, String reason) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            cancelOnce(actor, id, reason); // the caller's transaction decides; it cannot
                                           // be retried from here
            return;
        }
        for (int attempt = 1;; attempt++) {
            try {
                transactions.executeWithoutResult(status -> cancelOnce(actor, id, reason));
                return;
            }
            catch (OptimisticLockingFailureException busy) {
                if (attempt == CANCEL_ATTEMPTS) {
                    throw new ConflictException(
                            id + " was being moved on by its process at the same moment; try again");
                }
                pause.accept(Duration.ofMillis(50L << (2 * (attempt - 1))));
            }
        }
    }

    private void cancelOnce(Actor actor, ChangeId id, String reason) {
        ChangeRequest change = changes.findForUpdate(id)
            .filter(c -> actor.canSee(c.customerId()))
            .orElseThrow(() -> new NotFoundException("no change " + id));
        if (!mayCancel(actor, change)) {
            throw new ForbiddenException("only the requester or a change manager may cancel " + id);
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "a reason is required to cancel a change");
        }
        if (reason.length() > 500) {
            throw new InvalidInputException("reason", "reason is at most 500 characters");
        }
        if (change.isClosed()) {
            throw new ConflictException(id + " is already closed (" + change.outcome() + ")");
        }
        if (change.status().deploymentStarted()) {
            throw new ConflictException(
                    "cancellation refused: deployment of " + id + " has started (" + change.status() + ")");
        }
        process.cancel(change, actor, reason.strip());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("cancellation interrupted; try again");
        }
    }

    private static boolean mayCancel(Actor actor, ChangeRequest change) {
        return actor.username().equals(change.requester()) || actor.has(Role.CHANGE_MANAGER);
    }

    private static List<Long> distinct(String field, List<Long> ids, int max, String what) {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidInputException(field, "at least one " + what + " is required");
        }
        if (ids.size() > max) {
            throw new InvalidInputException(field, "at most " + max + " " + what + "s per change");
        }
        Set<Long> seen = new HashSet<>();
        Set<Long> duplicates = new LinkedHashSet<>();
        for (Long id : ids) {
            if (id == null) {
                throw new InvalidInputException(field, field + " must not contain null");
            }
            if (!seen.add(id)) {
                duplicates.add(id);
            }
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidInputException(field, "duplicate " + what + " ids "
                    + duplicates.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return List.copyOf(ids);
    }

}
