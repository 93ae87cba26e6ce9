package io.patchflow.inbox;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.patchflow.changeview.ChangeDetails;
import io.patchflow.security.Actor;
import io.patchflow.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@Tag(name = "Tasks", description = "My tasks and my groups' tasks; complete them")
@RestController
@RequestMapping("/api/tasks")
class TaskApiController {

    private final InboxService inbox;

    TaskApiController(InboxService inbox) {
        this.inbox = inbox;
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

    @Operation(summary = "Tasks assigned to me or offered to my groups, in my customers; due first")
    @GetMapping
    Page<InboxTask> list(Actor actor, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return inbox.tasks(actor, page, size);
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
