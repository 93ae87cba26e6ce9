package io.patchflow.web;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.beans.BeanUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON API refuses a query parameter its endpoint does not take, with a 400 that
 * names it and lists the ones it does take (ADR 0032):
 * {@code GET /api/changes?ticket=SD-1} is a mistake, and answering it with every change
 * would hide that. What an endpoint takes is read from its handler method, the same
 * declaration Spring binds and springdoc documents: its {@code @RequestParam}s and the
 * properties of its {@code @ModelAttribute} or {@code @ParameterObject}. Registered for
 * {@code /api/**} only; pages are not affected.
 */
final class KnownParameters implements HandlerInterceptor {

    /** Spring Security's CSRF field, which any form may carry. */
    static final Set<String> ALWAYS_ALLOWED = Set.of("_csrf");

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** Per handler method; empty for one that takes any parameter (a Map of them). */
    private final Map<Method, Optional<Set<String>>> supported = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Optional<Set<String>> names = supported.computeIfAbsent(method.getMethod(), m -> supportedBy(method));
        if (names.isEmpty()) {
            return true;
        }
        // The parameters Spring binds from: the query string's (and a form body's, which
        // no endpoint of the JSON API takes).
        for (String name : request.getParameterMap().keySet()) {
            if (!names.get().contains(name) && !ALWAYS_ALLOWED.contains(name)) {
                throw new UnknownParameterException(name, request.getMethod() + " " + request.getRequestURI(),
                        names.get());
            }
        }
        return true;
    }

    /**
     * The query parameters the method takes, sorted; empty if it takes any (a
     * {@code @RequestParam Map}).
     */
    static Optional<Set<String>> supportedBy(HandlerMethod handler) {
        Set<String> names = new TreeSet<>();
        String[] parameterNames = NAMES.getParameterNames(handler.getMethod());
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (requestParam != null) {
                String name = requestParam.name();
                if (name.isEmpty() && Map.class.isAssignableFrom(parameter.getParameterType())) {
                    return Optional.empty();
                }
                names.add(name.isEmpty() ? parameterNames[parameter.getParameterIndex()] : name);
            }
            else if (parameter.hasParameterAnnotation(ModelAttribute.class)
                    || parameter.hasParameterAnnotation(ParameterObject.class)) {
                names.addAll(propertiesOf(parameter.getParameterType()));
            }
        }
        return Optional.of(names);
    }

    private static Set<String> propertiesOf(Class<?> type) {
        if (type.isRecord()) {
            return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        }
        Set<String> names = new LinkedHashSet<>();
        for (var property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getWriteMethod() != null) {
                names.add(property.getName());
            }
        }
        return names;
    }

}
