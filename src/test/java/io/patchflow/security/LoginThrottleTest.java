package io.patchflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;

import io.patchflow.audit.AuditTrail;

/**
 * The throttle with the real users, passwords, database and audit trail, and a clock the
 * test moves: per user, per address, the same answer as a wrong password, and every
 * failure and lock on the trail. (SecurityIT signs in over HTTP, by form and by Basic,
 * against a locked account.)
 */
@SpringBootTest
@ActiveProfiles("test")
class LoginThrottleTest {

    static final LoginThrottleSettings SETTINGS = new LoginThrottleSettings(3, 5, 10, 20, Duration.ofMinutes(15),
            Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(8), 4, 16);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail audit;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    UserDirectory directory;

    final MovableClock clock = new MovableClock();

    AuthenticationProvider provider;

    String user;

    String password = "correct horse " + UUID.randomUUID();

    @BeforeEach
    void aUserAndAThrottle() {
        user = "u" + UUID.randomUUID().toString().substring(0, 8);
        directory.create(new AppUser(user, "Test", user + "@example.com", passwords.encode(password), true,
                Set.of(Role.REQUESTER), Set.of()));
        provider = new ThrottlingAuthenticationProvider(SecurityConfig.passwordCheck(directory, passwords),
                SecurityConfig.userDetails(directory),
                new LoginThrottle(new LoginThrottleRepository(jdbc), audit, SETTINGS, transactions, clock),
                new RecentSignIns(clock));
    }

    @Test
    void failuresSlowDownThenLockTheUserWhateverPasswordComes() {
        String from = address();
        for (int i = 0; i < 3; i++) {
            assertRefused(user, "wrong", from);
        }
        // slowed down: the next attempt within a second is refused unchecked, even with
        // the right password
        assertRefused(user, password, from);
        clock.advance(Duration.ofSeconds(1));
        assertThat(signIn(user, password, from).isAuthenticated()).as("after the delay the right password works")
            .isTrue();

        for (int i = 0; i < 5; i++) {
            assertRefused(user, "wrong", from);
            clock.advance(Duration.ofSeconds(10));
        }
        assertRefused(user, password, from);
        clock.advance(Duration.ofMinutes(14));
        assertRefused(user, password, from);
        clock.advance(Duration.ofMinutes(2));
        assertThat(signIn(user, password, from).isAuthenticated()).as("the lock ends").isTrue();

        assertThat(audited("LOGIN_FAILED", user)).hasSize(8).allSatisfy(d -> assertThat(d).contains("from " + from));
        assertThat(audited("LOGIN_LOCKED", user)).singleElement()
            .asString()
            .contains("user " + user + " locked until")
            .contains("after 5 failed sign-ins");
    }

    @Test
    void aLockedAccountGetsTheSameAnswerAsAWrongPassword() {
        String from = address();
        BadCredentialsException wrong = catchRefusal(user, "wrong", from);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertRefused(user, "wrong", from);
        }
        BadCredentialsException locked = catchRefusal(user, password, from);
        assertThat(locked.getMessage()).isEqualTo(wrong.getMessage()).isEqualTo("Bad credentials");
        assertThat(locked.getClass()).isEqualTo(wrong.getClass());
        BadCredentialsException unknown = catchRefusal("nobody-" + user, "x", address());
        assertThat(unknown.getMessage()).isEqualTo("Bad credentials");
    }

    @Test
    void manyUsersFromOneAddressLockTheAddressOnly() {
        String attacker = address();
        for (int i = 0; i < 20; i++) {
            assertRefused("guess" + i + "-" + user, "x", attacker);
            clock.advance(Duration.ofSeconds(10));
        }
        assertRefused(user, password, attacker);
        assertThat(signIn(user, password, address()).isAuthenticated()).as("from elsewhere the user signs in").isTrue();
        assertThat(audited("LOGIN_LOCKED", "address:" + attacker)).singleElement()
            .asString()
            .contains("address " + attacker + " locked until")
            .contains("after 20 failed sign-ins");
    }

    /**
     * A burst of parallel guesses does not get past the count: only a few are checked at
     * a time, and each failure counts.
     */
    @Test
    void aBurstOfParallelGuessesGetsNoMoreChecksThanOneAfterAnother() throws Exception {
        java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
        provider = countingProvider(checked);
        String from = address();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<?>> guesses = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                guesses.add(pool.submit(() -> assertRefused(user, "guess", from)));
            }
            for (java.util.concurrent.Future<?> guess : guesses) {
                guess.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        // at most 4 checked at a time, and the third failure delays the rest: never the
        // 40
        assertThat(checked.get()).as("passwords checked").isBetween(3, 6);
        assertThat(audited("LOGIN_FAILED", user)).hasSize(checked.get());
    }

    @Test
    void aSuccessClearsTheUsersCount() {
        String from = address();
        assertRefused(user, "wrong", from);
        assertRefused(user, "wrong", from);
        signIn(user, password, from);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertRefused(user, "wrong", from);
        }
        assertThat(audited("LOGIN_LOCKED", user))
            .as("2 + 3 would have locked at 5; the success started the count again")
            .isEmpty();
    }

    @Test
    void aRecentSignInSkipsTheCheckButNotALock() {
        java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
        provider = countingProvider(checked);
        String from = address();
        signIn(user, password, from);
        signIn(user, password, from);
        signIn(user, password, address());
        assertThat(checked.get()).as("HTTP Basic sends the password with every request; bcrypt sees it once a minute")
            .isEqualTo(1);

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertRefused(user, "wrong", from);
        }
        // locked: the remembered sign-in does not help, before or after it expires
        assertRefused(user, password, from);
        clock.advance(RecentSignIns.KEPT);
        assertRefused(user, password, from);
    }

    private AuthenticationProvider countingProvider(java.util.concurrent.atomic.AtomicInteger checked) {
        DaoAuthenticationProvider real = SecurityConfig.passwordCheck(directory, passwords);
        AuthenticationProvider counting = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                checked.incrementAndGet();
                return real.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return true;
            }
        };
        return new ThrottlingAuthenticationProvider(counting, SecurityConfig.userDetails(directory),
                new LoginThrottle(new LoginThrottleRepository(jdbc), audit, SETTINGS, transactions, clock),
                new RecentSignIns(clock));
    }

    private Authentication signIn(String name, String secret, String from) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(name, secret);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(from);
        token.setDetails(new WebAuthenticationDetails(request));
        return provider.authenticate(token);
    }

    private void assertRefused(String name, String secret, String from) {
        assertThatThrownBy(() -> signIn(name, secret, from)).isInstanceOf(BadCredentialsException.class);
    }

    private BadCredentialsException catchRefusal(String name, String secret, String from) {
        try {
            signIn(name, secret, from);
        }
        catch (BadCredentialsException e) {
            return e;
        }
        throw new AssertionError("signed in");
    }

    private List<String> audited(String kind, String actor) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE kind = ? AND actor = ? ORDER BY id")
            .params(kind, actor)
            .query(String.class)
            .list();
    }

    /** A fresh address per test, so that tests do not share an address's count. */
    private static String address() {
        return "10." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + "."
                + (int) (Math.random() * 250);
    }

    static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-04T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

    }

}
