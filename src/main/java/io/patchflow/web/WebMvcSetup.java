package io.patchflow.web;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.patchflow.security.ActorArgumentResolver;
import io.patchflow.security.CurrentActor;

/**
 * The one Spring MVC configuration: the actor argument, request limits, the API's known
 * query parameters, the page layout.
 */
@Configuration
class WebMvcSetup implements WebMvcConfigurer {

    private final CurrentActor currentActor;

    private final LayoutInterceptor layout;

    WebMvcSetup(CurrentActor currentActor, @Value("${patchflow.simulator.enabled:false}") boolean simulated) {
        this.currentActor = currentActor;
        this.layout = new LayoutInterceptor(currentActor, simulated);
    }

    @Bean
    LayoutInterceptor layoutInterceptor() {
        return layout;
    }

    /**
     * Controllers take the signed-in {@link io.patchflow.security.Actor} as a parameter.
     */
    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ActorArgumentResolver(currentActor));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestLimits());
        registry.addInterceptor(new KnownParameters()).addPathPatterns("/api/**");
        registry.addInterceptor(layout).excludePathPatterns("/api/**", "/agent/**", "/engine-rest/**", "/camunda/**");
    }

}
