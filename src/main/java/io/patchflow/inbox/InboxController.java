package io.patchflow.inbox;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.patchflow.security.Actor;

@Controller
class InboxController {

    static final String INBOX = "inbox/inbox";
    static final String TASK = "inbox/task";

    private final InboxService inbox;

    InboxController(InboxService inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/inbox")
    String inbox(Actor actor, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("tasks", inbox.tasks(actor, page, 25));
        return INBOX;
    }

    @GetMapping("/tasks/{id}")
    String task(Actor actor, @PathVariable String id, Model model) {
        model.addAttribute("details", inbox.task(actor, id));
        return TASK;
    }

}
