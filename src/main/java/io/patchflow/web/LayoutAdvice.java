package io.patchflow.web;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * How pages show errors: in the layout, with the status kept and the message as text.
 * JSON endpoints ({@code @RestController}s) are answered by {@link ApiExceptionHandler},
 * which runs first. This advice also sees what no controller handled (an address nothing
 * serves, a wrong method): a page request gets the error page, anything else (an
 * {@code /api} address, a client that does not take HTML) problem-details JSON, as the
 * API answers.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // before Spring Boot's problem-details handler,
                                       // which answers JSON to every client
class LayoutAdvice {

    static final String ERROR = "error";

    /**
     * Addresses that are never pages: the JSON API, the agents' API, the engine's REST
     * API and the Camunda webapps' own API, the OpenAPI document.
     */
    static final List<String> NOT_PAGES = List.of("/api/", "/agent/", "/engine-rest/", "/camunda/api/", "/v3/api-docs");

    private static final Logger log = LoggerFactory.getLogger(LayoutAdvice.class);

    private final LayoutInterceptor layout;

    private final ObjectMapper json;

    LayoutAdvice(LayoutInterceptor layout, ObjectMapper json) {
        this.layout = layout;
        this.json = json;
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, HttpServletRequest request) {
        return error(request, HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** An address nothing serves, {@code /tickets/SD-1} say. */
    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView noSuchPage(NoResourceFoundException e, HttpServletRequest request) {
        return error(request, HttpStatus.NOT_FOUND, "there is no page at " + path(request));
    }

    @ExceptionHandler(ForbiddenException.class)
    ModelAndView forbidden(ForbiddenException e, HttpServletRequest request) {
        return error(request, HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e, HttpServletRequest request) {
        return error(request, HttpStatus.CONFLICT, e.getMessage());
    }

    /**
     * Bad input that reached no form of its own (a field far too long, an address with a
     * malformed id): the error page says which.
     */
    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, "invalid value for " + e.getName());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return error(request, HttpStatus.BAD_REQUEST, e.getParameterName() + " is required");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ModelAndView method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return error(request, HttpStatus.METHOD_NOT_ALLOWED, e.getMessage());
    }

    /**
     * A form that should carry a file but does not (or carries one that is too large).
     */
    @ExceptionHandler(MultipartException.class)
    ModelAndView upload(MultipartException e, HttpServletRequest request) {
        boolean tooLarge = e instanceof MaxUploadSizeExceededException;
        return error(request, tooLarge ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST,
                tooLarge ? "the file is larger than the server accepts (20 MB); nothing was imported"
                        : "this form sends a file: choose one and submit the form again; nothing was imported");
    }

    private ModelAndView error(HttpServletRequest request, HttpStatus status, String message) {
        log.debug("{} {}: {}", status, path(request), message);
        if (!isPage(request)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
            ModelAndView answer = new ModelAndView(problemJson(problem));
            answer.setStatus(status);
            return answer;
        }
        ModelAndView page = new ModelAndView(ERROR, status);
        layout.addTo(page.getModel());
        page.addObject("status", status.value());
        page.addObject("message", message); // th:text: shown as text, never as markup
        return page;
    }

    private View problemJson(ProblemDetail problem) {
        return new View() {
            @Override
            public String getContentType() {
                return MediaType.APPLICATION_PROBLEM_JSON_VALUE;
            }

            @Override
            public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
                    throws Exception {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                json.writeValue(response.getOutputStream(), problem);
            }
        };
    }

    /**
     * A page request: not one of the API addresses, from a client that takes HTML (a
     * browser; also one that sends no Accept header).
     */
    static boolean isPage(HttpServletRequest request) {
        String path = path(request);
        if (NOT_PAGES.stream().anyMatch(path::startsWith)) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(MediaType.TEXT_HTML::isCompatibleWith);
        }
        catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

}
