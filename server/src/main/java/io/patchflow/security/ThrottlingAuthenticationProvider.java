package io.patchflow.security;

import java.util.Optional;

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
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Optional<LoginThrottle.Attempt> attempt = throttle.begin(authentication.getName(), address);
        if (attempt.isEmpty()) {
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (AuthenticationException e) {
            throttle.failed(attempt.get());
            // a disabled or unknown account answers as a wrong password does
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        throttle.succeeded(attempt.get());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
