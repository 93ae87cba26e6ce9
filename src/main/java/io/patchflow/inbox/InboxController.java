package io.patchflow.inbox;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

@Controller
class InboxController {

    static final String INBOX = "inbox/inbox";
    static final String TASK = "inbox/task";

    static final String BULK = "inbox/bulk";

    static final int PAGE_SIZE = 25;

    private final InboxService inbox;

    private final Customers customers;

    private final BulkApprovals bulk;

    private final Absences absences;

    InboxController(InboxService inbox, Customers customers, BulkApprovals bulk, Absences absences) {
        this.inbox = inbox;
        this.customers = customers;
        this.bulk = bulk;
        this.absences = absences;
    }

    /** The inbox page's filters, as its GET form and links send them. */
    record Filters(String scope, String customer, String type, String risk, String patchType, String cve, String asset,
            String due, Boolean kev, String sort, Integer page) {

        InboxQuery query() {
            return new InboxQuery(scope, customer, type, risk, patchType, cve, asset, due, Boolean.TRUE.equals(kev),
                    sort, page == null ? 0 : page, PAGE_SIZE);
        }

    }

    @GetMapping("/inbox")
    String inbox(Actor actor, @ModelAttribute Filters filters, Model model) {
        InboxQuery query;
        try {
            query = filters.query();
        }
        catch (InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
            query = InboxQuery.firstPage(PAGE_SIZE);
        }
        model.addAttribute("query", query);
        Page<InboxItem> tasks = inbox.tasks(actor, query);
        model.addAttribute("tasks", tasks);
        model.addAttribute("counts", inbox.counts(actor, query));
        model.addAttribute("customers", customers.findAll(actor.customerIds()));
        model.addAttribute("saved", inbox.savedFilters(actor));
        model.addAttribute("away", absences.running(actor).orElse(null));
        model.addAttribute("sorts", InboxQuery.SORTS);
        model.addAttribute("patchTypes", List.of("SECURITY", "MAINTENANCE", "FIRMWARE", "APPLICATION"));
        // The rows of this page bulk approval would take; the server checks each again.
        Set<String> allowing = bulk.customersAllowing(actor);
        model.addAttribute("bulkIds",
                tasks.items()
                    .stream()
                    .filter(t -> t.bulkEligible() && allowing.contains(t.customerId()))
                    .map(InboxItem::id)
                    .collect(Collectors.toSet()));
        return INBOX;
    }

    /**
     * Approves the ticked tasks (ADR 0037) and shows what became of each; a request the
     * server refuses whole (not an approver, over a customer's limit) goes back to the
     * inbox with the reason.
     */
    @PostMapping("/inbox/bulk-approve")
    String bulkApprove(Actor actor, @RequestParam(required = false) List<String> taskIds, Model model,
            RedirectAttributes redirect) {
        try {
            List<BulkResult> results = bulk.approve(actor, taskIds);
            model.addAttribute("results", results);
            model.addAttribute("approved", results.stream().filter(BulkResult::approved).count());
            return BULK;
        }
        catch (InvalidInputException | ForbiddenException e) {
            redirect.addFlashAttribute("error", "Nothing approved: " + e.getMessage());
            return "redirect:/inbox";
        }
    }

    @PostMapping("/inbox/filters")
    String saveFilter(Actor actor, @RequestParam String name, @ModelAttribute Filters filters,
            RedirectAttributes redirect) {
        InboxQuery query;
        try {
            query = filters.query();
        }
        catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "Not saved: " + e.getMessage());
            return "redirect:/inbox";
        }
        try {
            inbox.saveFilter(actor, name, query);
            redirect.addFlashAttribute("notice", "Saved the filter '" + name.strip() + "'.");
        }
        catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "Not saved: " + e.getMessage());
        }
        return "redirect:/inbox" + (query.queryString().isEmpty() ? "" : "?" + query.queryString());
    }

    @PostMapping("/inbox/filters/delete")
    String deleteFilter(Actor actor, @RequestParam String name, RedirectAttributes redirect) {
        inbox.deleteFilter(actor, name);
        redirect.addFlashAttribute("notice", "Deleted the filter '" + name + "'.");
        return "redirect:/inbox";
    }

    @GetMapping("/tasks/{id}")
    String task(Actor actor, @PathVariable String id, Model model) {
        InboxService.TaskDetails details = inbox.task(actor, id);
        model.addAttribute("details", details);
        model.addAttribute("colleagues", details.mayComplete() ? inbox.colleagues(actor, id) : List.of());
        return TASK;
    }

    @PostMapping("/tasks/{id}/claim")
    String claim(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        return act(redirect, id, () -> inbox.claim(actor, id), "You have this task now.");
    }

    @PostMapping("/tasks/{id}/unclaim")
    String unclaim(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        return act(redirect, id, () -> inbox.unclaim(actor, id), "The task is back with its groups.");
    }

    @PostMapping("/tasks/{id}/delegate")
    String delegate(Actor actor, @PathVariable String id, @RequestParam(required = false) String colleague,
            RedirectAttributes redirect) {
        String[] target = { "redirect:/inbox" };
        try {
            inbox.delegate(actor, id, colleague);
            redirect.addFlashAttribute("notice", "Handed the task to " + colleague.strip() + ".");
        }
        catch (InvalidInputException | ForbiddenException | ConflictException e) {
            redirect.addFlashAttribute("error", "Not handed on: " + e.getMessage());
            target[0] = "redirect:/tasks/" + visibleId(actor, id);
        }
        return target[0];
    }

    private String act(RedirectAttributes redirect, String id, Runnable action, String notice) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
        }
        catch (ForbiddenException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/tasks/" + id;
    }

    /** The task's id, once the person may see it (never raw input into a redirect). */
    private String visibleId(Actor actor, String id) {
        try {
            return inbox.task(actor, id).task().id();
        }
        catch (NotFoundException e) {
            throw e;
        }
    }

}
