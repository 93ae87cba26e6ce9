package io.patchflow.web;

import java.util.Map;

import org.springframework.web.servlet.HandlerInterceptor;

import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Text;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Form fields and query parameters have limits before any controller sees them: no field
 * of Patchflow's is longer than a few thousand characters (a description is 4,000), so a
 * longer one is a mistake or an attack, and gets a 400 that names it. Nor does any field
 * hold control characters other than tab and line breaks: a NUL would otherwise reach
 * PostgreSQL, which refuses it in text (a 500). Bodies (JSON, CSV, uploaded files) are
 * limited where they are read.
 */
final class RequestLimits implements HandlerInterceptor {

    static final int MAX_VALUE = 10_000;
    static final int MAX_NAME = 100;
    static final int MAX_PARAMETERS = 300;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Map<String, String[]> parameters = request.getParameterMap();
        if (parameters.size() > MAX_PARAMETERS) {
            throw new InvalidInputException("parameters", "at most " + MAX_PARAMETERS
                    + " form fields or query parameters, not " + parameters.size() + "; nothing was saved");
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (name.length() > MAX_NAME) {
                throw new InvalidInputException(name.substring(0, 40) + "...",
                        "a field name is at most " + MAX_NAME + " characters; nothing was saved");
            }
            if (!name.equals(Text.printable(name))) {
                throw new InvalidInputException("parameters",
                        "a field name holds control characters; nothing was saved");
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.length() > MAX_VALUE) {
                    throw new InvalidInputException(name, name + " is longer than " + MAX_VALUE + " characters ("
                            + value.length() + "); nothing was saved");
                }
                if (value != null && !value.equals(Text.printable(value))) {
                    throw new InvalidInputException(name,
                            name + " holds control characters (such as NUL); nothing was saved");
                }
            }
        }
        return true;
    }

}
