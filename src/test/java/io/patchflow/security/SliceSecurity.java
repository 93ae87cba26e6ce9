package io.patchflow.security;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Brings the application's real security filter chains into a {@code @WebMvcTest} slice, which
 * does not load {@code @Configuration} classes by itself ({@link SecurityConfig} is package-private,
 * hence this public door). The slice test must supply the beans the chains need as mocks:
 * {@link UserDirectory} and {@link CurrentActor} (the {@link Actor} argument resolver of
 * {@link WebConfig} asks it who is signed in). Agent API slices also import
 * io.patchflow.agent.AgentSecurity, the agents' own chain.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(SecurityConfig.class)
public class SliceSecurity {
}
