package io.patchflow.inbox;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.springdoc.core.annotations.ParameterObject;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.patchflow.changeview.ChangeDetails;
import io.patchflow.security.Actor;
import io.patchflow.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@Tag(name = "Tasks", description = "My tasks and my groups' tasks; complete them")
@RestController
@RequestMapping("/api/tasks")
class TaskApiController {

    private final InboxService inbox;

    private final BulkApprovals bulk;

    TaskApiController(InboxService inbox, BulkApprovals bulk) {
        this.inbox = inbox;
        this.bulk = bulk;
    }

    record CompleteRequest(@NotNull Map<String, Object> variables) {
    }

    /**
     * {@code refusal} says why the server would refuse my decision (null if it would
     * not); {@code blockedByFourEyes} is true then, kept for clients that read it.
     */
    record TaskView(InboxTask task, @JsonRawValue String form, boolean blockedByFourEyes, String refusal,
            ChangeDetails change) {
    }

    @Operation(summary = "Tasks assigned to me or offered to my groups, in my customers, without the ones the "
            + "four-eyes rule would refuse me; filtered, sorted (due, risk, customer, age) and paged")
    @GetMapping
    Page<InboxItem> list(Actor actor, @ParameterObject InboxFilters filters) {
        return inbox.tasks(actor, filters.query());
    }

    @Operation(summary = "How many of my tasks each filter would show (within scope and customer): all, overdue, "
            + "today, kev, mine, risk:<LEVEL>, type:<TYPE>")
    @GetMapping("/counts")
    Map<String, Long> counts(Actor actor, @ParameterObject InboxFilters filters) {
        return inbox.counts(actor, filters.query());
    }

    /** The inbox's filters as query parameters. */
    record InboxFilters(@Parameter(description = "all (default), mine or groups") String scope,
            @Parameter(description = "a customer id") String customer,
            @Parameter(description = "STANDARD, NORMAL or EMERGENCY") String type,
            @Parameter(description = "LOW, MEDIUM, HIGH or CRITICAL") String risk,
            @Parameter(description = "SECURITY, MAINTENANCE, FIRMWARE or APPLICATION") String patchType,
            @Parameter(description = "a CVE id a patch of the change fixes") String cve,
            @Parameter(description = "the host name of an asset of the change") String asset,
            @Parameter(description = "overdue, or today (due by the end of today, UTC)") String due,
            @Parameter(description = "only changes with a known-exploited CVE") Boolean kev,
            @Parameter(description = "due (default), risk, customer or age") String sort,
            @Parameter(description = "page number, from 0") Integer page,
            @Parameter(description = "page size, 1 to 200 (default 20)") Integer size) {

        InboxQuery query() {
            return new InboxQuery(scope, customer, type, risk, patchType, cve, asset, due, Boolean.TRUE.equals(kev),
                    sort, page == null ? 0 : page, size == null ? 20 : size);
        }

    }

    @Operation(summary = "Claim an unclaimed task: it is assigned to me (audited)")
    @PostMapping("/{id}/claim")
    ResponseEntity<Void> claim(Actor actor, @PathVariable String id) {
        inbox.claim(actor, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Give a task I have back to its groups (audited)")
    @PostMapping("/{id}/unclaim")
    ResponseEntity<Void> unclaim(Actor actor, @PathVariable String id) {
        inbox.unclaim(actor, id);
        return ResponseEntity.noContent().build();
    }

    record DelegateRequest(@NotNull String colleague) {
    }

    @Operation(summary = "Hand a task to a named colleague who may do it (in the task's groups and the change's "
            + "customer, not its requester); audited")
    @PostMapping("/{id}/delegate")
    ResponseEntity<Void> delegate(Actor actor, @PathVariable String id, @Valid @RequestBody DelegateRequest request) {
        inbox.delegate(actor, id, request.colleague());
        return ResponseEntity.noContent().build();
    }

    record BulkApproveRequest(@NotNull List<String> taskIds) {
    }

    record BulkApproveResponse(int approved, int refused, List<BulkResult> results) {

        static BulkApproveResponse of(List<BulkResult> results) {
            int approved = (int) results.stream().filter(BulkResult::approved).count();
            return new BulkApproveResponse(approved, results.size() - approved, results);
        }

    }

    @Operation(summary = "Approve technical reviews and CAB votes of standard or low-risk changes in one go, each "
            + "as a single approval (four-eyes, customer, form) in its own transaction; 200 with the outcome of "
            + "every task (APPROVED, NOT_FOUND, NOT_ELIGIBLE, FOUR_EYES, ALREADY_DONE, CONFLICT, REFUSED, FAILED). "
            + "403 without the approver role, 400 (nothing approved) for more tasks of one customer than its "
            + "policy's bulkApprovalLimit")
    @PostMapping("/bulk-approve")
    BulkApproveResponse bulkApprove(Actor actor, @Valid @RequestBody BulkApproveRequest request) {
        return BulkApproveResponse.of(bulk.approve(actor, request.taskIds()));
    }

    @Operation(summary = "One task with its form (Camunda Form JSON) and its change")
    @GetMapping("/{id}")
    TaskView get(Actor actor, @PathVariable String id) {
        InboxService.TaskDetails details = inbox.task(actor, id);
        return new TaskView(details.task(), details.formSchema(), !details.mayComplete(), details.refusal(),
                details.change());
    }

    @Operation(summary = "Complete a task with the form's fields; validated against the form, four-eyes enforced")
    @PostMapping("/{id}/complete")
    ResponseEntity<Void> complete(Actor actor, @PathVariable String id, @Valid @RequestBody CompleteRequest request) {
        inbox.complete(actor, id, request.variables());
        return ResponseEntity.noContent().build();
    }

}
