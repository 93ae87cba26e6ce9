package io.patchflow.web;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import io.patchflow.security.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds what every page shows (who is signed in, whether agents are simulated) to rendered
 * views only, so JSON and agent requests do not pay for a user lookup.
 */
class LayoutInterceptor implements HandlerInterceptor {

    private final CurrentActor currentActor;

    private final boolean simulated;

    LayoutInterceptor(CurrentActor currentActor, boolean simulated) {
        this.currentActor = currentActor;
        this.simulated = simulated;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            ModelAndView view) {
        if (view != null && view.getViewName() != null && !view.getViewName().startsWith("redirect:")) {
            addTo(view.getModelMap());
        }
    }

    void addTo(java.util.Map<String, Object> model) {
        currentActor.get().ifPresent(actor -> model.put("me", actor));
        model.put("simulated", simulated);
    }

}
