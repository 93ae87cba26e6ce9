package io.patchflow.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.inbox.BulkResult.Outcome;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.Policies;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * Approves many tasks in one request (issue 13, ADR 0037). The client sends task ids
 * only; the server decides per task whether it may be approved in bulk
 * ({@link BulkApprovalPolicy}), and each task then goes the way of a single approval:
 * {@link InboxService#complete} (visibility, the form, the engine, the four-eyes rule in
 * the decision listener, the audit trail), in its own transaction, so one refusal does
 * not undo the others. Deliberately not transactional itself.
 */
@Service
public class BulkApprovals {

    private static final Logger LOG = LoggerFactory.getLogger(BulkApprovals.class);

    /** Who approves in bulk; the inbox offers the checkboxes by the same rule. */
    public static final RoleRule APPROVE = RoleRule.anyOf("only approvers approve tasks in bulk", Role.APPROVER);

    private final InboxService inbox;

    private final TaskInbox tasks;

    private final ChangeService changes;

    private final Policies policies;

    BulkApprovals(InboxService inbox, TaskInbox tasks, ChangeService changes, Policies policies) {
        this.inbox = inbox;
        this.tasks = tasks;
        this.changes = changes;
        this.policies = policies;
    }

    /**
     * The customers (of the person's) whose policy allows bulk approval; empty for
     * someone who may not approve in bulk. The inbox offers checkboxes on their rows.
     */
    public Set<String> customersAllowing(Actor actor) {
        if (!APPROVE.allows(actor)) {
            return Set.of();
        }
        Set<String> allowing = new java.util.TreeSet<>();
        policies.policies(actor.customerIds()).forEach((customer, policy) -> {
            if (policy.bulkApprovalEnabled()) {
                allowing.add(customer);
            }
        });
        return allowing;
    }

    /**
     * Approves the tasks, each on its own, and says what became of each, in the order
     * given (a repeated id once).
     * @throws ForbiddenException if the person is not an approver (nothing is approved)
     * @throws InvalidInputException if there are no ids, more than 100, or more tasks of
     * one customer than its policy's {@code bulkApprovalLimit} (nothing is approved)
     */
    public List<BulkResult> approve(Actor actor, List<String> taskIds) {
        APPROVE.check(actor);
        Set<String> ids = new LinkedHashSet<>();
        if (taskIds != null) {
            taskIds.stream().filter(id -> id != null && !id.isBlank()).map(String::strip).forEach(ids::add);
        }
        if (ids.isEmpty()) {
            throw new InvalidInputException("taskIds", "choose at least one task to approve");
        }
        if (ids.size() > CustomerPolicy.MAX_BULK_APPROVAL_LIMIT) {
            throw new InvalidInputException("taskIds", "a bulk approval holds at most "
                    + CustomerPolicy.MAX_BULK_APPROVAL_LIMIT + " tasks, not " + ids.size());
        }
        Map<String, Optional<InboxTask>> found = new LinkedHashMap<>();
        Map<String, Integer> perCustomer = new TreeMap<>();
        for (String id : ids) {
            Optional<InboxTask> task = tasks.task(actor, id);
            found.put(id, task);
            task.ifPresent(t -> perCustomer.merge(t.customerId(), 1, Integer::sum));
        }
        checkLimits(perCustomer);
        List<BulkResult> results = new ArrayList<>();
        found.forEach((id,
                task) -> results.add(task.map(t -> approveOne(actor, t))
                    .orElseGet(() -> new BulkResult(id, Outcome.NOT_FOUND,
                            "no open task " + id + " that you may see: it may be done already, or not yours", null,
                            null))));
        long approved = results.stream().filter(BulkResult::approved).count();
        LOG.info("Bulk approval by {}: {} of {} task(s) approved", actor.username(), approved, results.size());
        return results;
    }

    private void checkLimits(Map<String, Integer> perCustomer) {
        Map<String, CustomerPolicy> byCustomer = policies.policies(perCustomer.keySet());
        perCustomer.forEach((customer, count) -> {
            int limit = byCustomer.get(customer).bulkApprovalLimit();
            if (limit == 0) {
                throw new InvalidInputException("taskIds",
                        "customer " + customer + " does not allow bulk approval (bulkApprovalLimit 0 in its policy)");
            }
            if (count > limit) {
                throw new InvalidInputException("taskIds", "customer " + customer + " allows at most " + limit
                        + " tasks in one bulk approval (bulkApprovalLimit); this request has " + count);
            }
        });
    }

    private BulkResult approveOne(Actor actor, InboxTask task) {
        String change = task.changeId().toString();
        try {
            ChangeRequest request = changes.get(actor, task.changeId());
            Optional<String> ineligible = BulkApprovalPolicy.refusal(task.decisionStep(), name(request.changeType()),
                    name(request.riskLevel()));
            if (ineligible.isPresent()) {
                return result(task, Outcome.NOT_ELIGIBLE, ineligible.get());
            }
            Optional<Map<String, Object>> answers = tasks.approvingAnswers(task.id());
            if (answers.isEmpty()) {
                return result(task, Outcome.NOT_ELIGIBLE, "this task's form has no approval to give");
            }
            inbox.complete(actor, task.id(), answers.get());
            return result(task, Outcome.APPROVED, null);
        }
        catch (RuntimeException e) {
            return refused(task, change, e);
        }
    }

    /**
     * The engine wraps what its listeners throw: the first of our own exceptions says
     * why.
     */
    private static BulkResult refused(InboxTask task, String change, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ForbiddenException forbidden) {
                return result(task, forbidden.getMessage() != null && forbidden.getMessage().startsWith("four-eyes")
                        ? Outcome.FOUR_EYES : Outcome.REFUSED, forbidden.getMessage());
            }
            if (cause instanceof NotFoundException) {
                return result(task, Outcome.ALREADY_DONE,
                        "done or taken by someone else a moment ago; nothing recorded for you");
            }
            if (cause instanceof ConflictException conflict) {
                return result(task, Outcome.CONFLICT, conflict.getMessage());
            }
            if (cause instanceof InvalidInputException invalid) {
                return result(task, Outcome.REFUSED, invalid.getMessage());
            }
        }
        LOG.error("Bulk approval of task {} of {} failed", task.id(), change, e);
        return result(task, Outcome.FAILED, "could not be approved (a technical failure); try it on its own page");
    }

    private static BulkResult result(InboxTask task, Outcome outcome, String reason) {
        return new BulkResult(task.id(), outcome, reason, task.changeId().toString(), task.name());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

}
