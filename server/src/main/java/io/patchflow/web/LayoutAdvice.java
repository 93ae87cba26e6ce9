package io.patchflow.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.NotFoundException;

/** How pages show errors. JSON endpoints are answered by {@link ApiExceptionHandler}, which runs first. */
@ControllerAdvice(annotations = Controller.class)
class LayoutAdvice {

    static final String ERROR = "error";

    private final LayoutInterceptor layout;

    LayoutAdvice(LayoutInterceptor layout) {
        this.layout = layout;
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFoundException e, Model model) {
        return error(model, 404, e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden(ForbiddenException e, Model model) {
        return error(model, 403, e.getMessage());
    }

    private String error(Model model, int status, String message) {
        layout.addTo(model.asMap());
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return ERROR;
    }
}
