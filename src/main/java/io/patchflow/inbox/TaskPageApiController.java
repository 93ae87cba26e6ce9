package io.patchflow.inbox;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Where the task page's form posts (signed-in session, CSRF token in a header). */
@Hidden
@RestController
class TaskPageApiController {

    private final InboxService inbox;

    TaskPageApiController(InboxService inbox) {
        this.inbox = inbox;
    }

    record Submission(@NotNull Map<String, Object> variables) {
    }

    /**
     * Answers where the page goes next, with the context path: the server may run under
     * one (server.servlet.context-path).
     */
    @PostMapping("/tasks/{id}/complete")
    ResponseEntity<Map<String, String>> complete(Actor actor, @PathVariable String id,
            @Valid @RequestBody Submission submission, HttpServletRequest request) {
        inbox.complete(actor, id, submission.variables());
        return ResponseEntity.ok(Map.of("next", request.getContextPath() + "/inbox"));
    }

}
