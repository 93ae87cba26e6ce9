package io.patchflow.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;

import io.patchflow.security.CurrentActor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.NotFoundException;

/** What every page shows (who is signed in, whether agents are simulated) and how pages show errors. */
@ControllerAdvice(annotations = Controller.class)
class LayoutAdvice {

    static final String ERROR = "error";

    private final CurrentActor currentActor;
    private final boolean simulated;

    LayoutAdvice(CurrentActor currentActor, @Value("${patchflow.simulator.enabled:false}") boolean simulated) {
        this.currentActor = currentActor;
        this.simulated = simulated;
    }

    @ModelAttribute
    void layout(Model model) {
        currentActor.get().ifPresent(actor -> model.addAttribute("me", actor));
        model.addAttribute("simulated", simulated);
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFoundException e, Model model) {
        layout(model);
        model.addAttribute("status", 404);
        model.addAttribute("message", e.getMessage());
        return ERROR;
    }

    @ExceptionHandler(ForbiddenException.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden(ForbiddenException e, Model model) {
        layout(model);
        model.addAttribute("status", 403);
        model.addAttribute("message", e.getMessage());
        return ERROR;
    }
}
