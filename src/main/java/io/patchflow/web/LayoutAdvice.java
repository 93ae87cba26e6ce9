package io.patchflow.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

import jakarta.servlet.http.HttpServletResponse;

/**
 * How pages show errors. JSON endpoints are answered by {@link ApiExceptionHandler},
 * which runs first.
 */
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

    /**
     * Bad input that reached no form of its own (a field far too long, say): the error
     * page says which.
     */
    @ExceptionHandler(InvalidInputException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String invalid(InvalidInputException e, Model model) {
        return error(model, 400, e.getMessage());
    }

    /**
     * A form that should carry a file but does not (or carries one that is too large).
     */
    @ExceptionHandler(MultipartException.class)
    String upload(MultipartException e, Model model, HttpServletResponse response) {
        boolean tooLarge = e instanceof MaxUploadSizeExceededException;
        response
            .setStatus(tooLarge ? HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE : HttpServletResponse.SC_BAD_REQUEST);
        return error(model, tooLarge ? 413 : 400,
                tooLarge ? "the file is larger than the server accepts (20 MB); nothing was imported"
                        : "this form sends a file: choose one and submit the form again; nothing was imported");
    }

    private String error(Model model, int status, String message) {
        layout.addTo(model.asMap());
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return ERROR;
    }

}
