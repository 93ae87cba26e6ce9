package io.patchflow.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.patchflow.security.CurrentActor;

@Configuration
class WebMvcSetup implements WebMvcConfigurer {

    private final LayoutInterceptor layout;

    WebMvcSetup(CurrentActor currentActor, @Value("${patchflow.simulator.enabled:false}") boolean simulated) {
        this.layout = new LayoutInterceptor(currentActor, simulated);
    }

    @Bean
    LayoutInterceptor layoutInterceptor() {
        return layout;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestLimits());
        registry.addInterceptor(layout).excludePathPatterns("/api/**", "/agent/**", "/engine-rest/**", "/camunda/**");
    }
}
