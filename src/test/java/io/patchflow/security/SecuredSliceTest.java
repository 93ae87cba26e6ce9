package io.patchflow.security;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Base of the {@code @WebMvcTest} slices. A slice does not load {@code @Configuration}
 * classes by itself, so this brings in the application's real security filter chains for
 * people ({@link SecurityConfig} is package-private, hence this public door) and mocks
 * the beans they and the pages need: {@link UserDirectory} (behind HTTP Basic and form
 * login) and {@link CurrentActor} (the {@link Actor} argument resolver of
 * {@code web.WebMvcSetup} and the page layout ask it who is signed in). Agent API slices
 * also import io.patchflow.agent.AgentSecurity, the agents' own chain.
 */
@Import(SecurityConfig.class)
public abstract class SecuredSliceTest {

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected PasswordEncoder passwordEncoder;

    @MockitoBean
    protected CurrentActor currentActor;

    @MockitoBean
    protected UserDirectory users;

    /** Throttling is LoginThrottleTest's subject; here every attempt may be checked. */
    @MockitoBean
    LoginThrottle loginThrottle;

    @MockitoBean
    RecentSignIns recentSignIns;

    @BeforeEach
    void everySignInMayBeChecked() {
        given(loginThrottle.begin(any(), any())).willAnswer(call -> Optional
            .of(new LoginThrottle.Attempt(call.getArgument(0), call.getArgument(1), Instant.now())));
    }

    /** Makes {@code actor} the one controllers and pages are handed as signed in. */
    protected void signedIn(Actor actor) {
        given(currentActor.get()).willReturn(Optional.of(actor));
    }

    /**
     * Lets {@code actor} sign in with HTTP Basic and {@code password}: an enabled user
     * with the actor's roles and customers.
     */
    protected void knownUser(Actor actor, String password) {
        String name = actor.username();
        given(users.find(name)).willReturn(Optional.of(new AppUser(name, name, name + "@example.com",
                passwordEncoder.encode(password), true, actor.roles(), actor.customerIds())));
    }

    /**
     * Authenticates a request as {@code actor} with the actor's roles, as a form login
     * would.
     */
    protected static RequestPostProcessor as(Actor actor) {
        return user(actor.username()).roles(actor.roles().stream().map(Role::name).toArray(String[]::new));
    }

}
