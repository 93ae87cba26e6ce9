package io.patchflow.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets controllers take the current {@link Actor} as a parameter. */
public class ActorArgumentResolver implements HandlerMethodArgumentResolver {

    private static final String CACHE = ActorArgumentResolver.class.getName() + ".actor";

    private final CurrentActor currentActor;

    public ActorArgumentResolver(CurrentActor currentActor) {
        this.currentActor = currentActor;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Actor.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object cached = request.getAttribute(CACHE, NativeWebRequest.SCOPE_REQUEST);
        if (cached != null) {
            return cached;
        }
        Actor actor = currentActor.get().orElseThrow(() -> new InsufficientAuthenticationException("sign in first"));
        request.setAttribute(CACHE, actor, NativeWebRequest.SCOPE_REQUEST);
        return actor;
    }

}
