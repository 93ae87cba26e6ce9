package io.patchflow.security;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Every sign-in by password, from the login form or by HTTP Basic, passes here: a throttled or
 * locked user or address is refused before its password is checked, with the same answer as a
 * wrong password; a failure is counted and audited; a success clears the user's count.
 */
final class ThrottlingAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ThrottlingAuthenticationProvider.class);
    /** Spring Security's own message for a wrong password; a locked account says the same. */
    static final String BAD_CREDENTIALS = "Bad credentials";

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottlingAuthenticationProvider(AuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Map<String, LoginThrottlePolicy.Counter> counters = throttle.counters(username, address);
        Optional<String> refusal = throttle.refusal(username, address, counters);
        if (refusal.isPresent()) {
            log.info("sign-in refused unchecked: {}", refusal.get());
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.succeeded(username, counters);
            return result;
        } catch (AuthenticationException e) {
            throttle.failed(username, address);
            // a disabled or unknown account answers as a wrong password does
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
