package io.patchflow.security;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Every sign-in by password, from the login form or by HTTP Basic, passes here: a
 * throttled or locked user or address is refused before its password is checked, with the
 * same answer as a wrong password; a failure is counted and audited; a success clears the
 * user's count and is remembered for a minute ({@link RecentSignIns}), so that HTTP Basic
 * on every request costs neither bcrypt nor the throttle each time.
 */
final class ThrottlingAuthenticationProvider implements AuthenticationProvider {

    /**
     * Spring Security's own message for a wrong password; a locked account says the same.
     */
    static final String BAD_CREDENTIALS = "Bad credentials";

    private final AuthenticationProvider passwords;

    private final UserDetailsService users;

    private final LoginThrottle throttle;

    private final RecentSignIns recent;

    ThrottlingAuthenticationProvider(AuthenticationProvider passwords, UserDetailsService users, LoginThrottle throttle,
            RecentSignIns recent) {
        this.passwords = passwords;
        this.users = users;
        this.throttle = throttle;
        this.recent = recent;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        Optional<Authentication> known = recentlySignedIn(authentication, name, password);
        if (known.isPresent()) {
            return known.get();
        }
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress()
                : null;
        Optional<LoginThrottle.Attempt> attempt = throttle.begin(name, address);
        if (attempt.isEmpty()) {
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        }
        catch (AuthenticationException e) {
            throttle.failed(attempt.get());
            // a disabled or unknown account answers as a wrong password does
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        throttle.succeeded(attempt.get());
        if (result.getPrincipal() instanceof UserDetails details) {
            recent.remember(name, password, details.getPassword());
        }
        return result;
    }

    /**
     * The same name and password that signed in a moment ago, still matching the stored
     * password hash of a user who is still enabled and not locked: HTTP Basic sends them
     * with every request, and neither bcrypt nor the throttle's count need to see them
     * again.
     */
    private Optional<Authentication> recentlySignedIn(Authentication authentication, String name, String password) {
        Optional<String> hash = recent.passwordHash(name, password);
        if (hash.isEmpty() || throttle.locked(name)) {
            return Optional.empty();
        }
        UserDetails details;
        try {
            details = users.loadUserByUsername(name);
        }
        catch (UsernameNotFoundException gone) {
            return Optional.empty();
        }
        if (!details.isEnabled() || !hash.get().equals(details.getPassword())) {
            return Optional.empty();
        }
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(details,
                password, details.getAuthorities());
        result.setDetails(authentication.getDetails());
        return Optional.of(result);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

}
