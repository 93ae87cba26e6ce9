package io.patchflow.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code patchflow.security.login.*}: how repeated failed sign-ins slow down and lock,
 * for one user name and for one client address, and how many attempts of one user or
 * address are checked at the same time (docs/security.md). An address gets more room than
 * a user, because an office behind one NAT address shares it.
 */
@ConfigurationProperties("patchflow.security.login")
public record LoginThrottleSettings(@DefaultValue("3") int userSlowAfter, @DefaultValue("10") int userLockAfter,
        @DefaultValue("10") int addressSlowAfter, @DefaultValue("50") int addressLockAfter,
        @DefaultValue("PT15M") Duration lockFor, @DefaultValue("PT15M") Duration window,
        @DefaultValue("PT1S") Duration firstDelay, @DefaultValue("PT1M") Duration maxDelay,
        @DefaultValue("8") int userMaxInFlight, @DefaultValue("16") int addressMaxInFlight) {

    public LoginThrottleSettings {
        // checked at start-up (fields are assigned only after this block, so from the
        // parameters)
        new LoginThrottlePolicy.Limits(userSlowAfter, userLockAfter, lockFor, window, firstDelay, maxDelay);
        new LoginThrottlePolicy.Limits(addressSlowAfter, addressLockAfter, lockFor, window, firstDelay, maxDelay);
        if (userMaxInFlight < 1 || addressMaxInFlight < 1) {
            throw new IllegalArgumentException(
                    "login throttling: user-max-in-flight and address-max-in-flight are at least 1");
        }
    }

    LoginThrottlePolicy.Limits user() {
        return new LoginThrottlePolicy.Limits(userSlowAfter, userLockAfter, lockFor, window, firstDelay, maxDelay);
    }

    LoginThrottlePolicy.Limits address() {
        return new LoginThrottlePolicy.Limits(addressSlowAfter, addressLockAfter, lockFor, window, firstDelay,
                maxDelay);
    }
}
