package io.patchflow.schedule;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.customer.Customers;
import io.patchflow.inventory.WindowCalendar;
import io.patchflow.security.Actor;
import io.patchflow.security.AppUser;
import io.patchflow.security.UserDirectory;

/**
 * One read-only iCalendar feed per user (ADR 0034): a secret address that a calendar
 * application subscribes to, listing the changes, window openings and blackouts of the
 * user's customers as they are when it is read. The address carries a random token of 256
 * bits; Patchflow keeps only its SHA-256, shows the address once, and a new address or a
 * revocation makes the old one answer 404 at once. The feed follows the user: a customer
 * taken from them, or a disabled account, is gone from it on the next read.
 */
@Service
public class CalendarFeeds {

    /** Shown from a week back, so that a change just done is still there. */
    static final Duration PAST = Duration.ofDays(7);

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CalendarFeedRepository feeds;

    private final UserDirectory users;

    private final Customers customers;

    private final CalendarService calendars;

    private final Clock clock;

    @Autowired
    CalendarFeeds(CalendarFeedRepository feeds, UserDirectory users, Customers customers, CalendarService calendars) {
        this(feeds, users, customers, calendars, Clock.systemUTC());
    }

    CalendarFeeds(CalendarFeedRepository feeds, UserDirectory users, Customers customers, CalendarService calendars,
            Clock clock) {
        this.feeds = feeds;
        this.users = users;
        this.customers = customers;
        this.calendars = calendars;
        this.clock = clock;
    }

    /** Whether the user has a feed, and since when. */
    public record Status(Instant issuedAt, Instant lastReadAt) {
    }

    @Transactional(readOnly = true)
    public Optional<Status> status(Actor actor) {
        return feeds.ofUser(actor.username()).map(f -> new Status(f.createdAt(), f.lastReadAt()));
    }

    /**
     * A new secret token for the user's feed; the address they had stops working. The
     * token is returned once and not kept.
     */
    @Transactional
    public String issue(Actor actor) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        feeds.replace(actor.username(), hash(token), clock.instant());
        return token;
    }

    /** The user's feed address stops working; true if there was one. */
    @Transactional
    public boolean revoke(Actor actor) {
        return feeds.delete(actor.username());
    }

    /**
     * The feed the token opens, as an iCalendar document; empty for a token that opens
     * none (unknown, revoked, replaced, or its user disabled), which callers answer
     * alike.
     */
    @Transactional
    public Optional<String> read(String token, URI baseUrl) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return feeds.read(hash(token), now)
            .flatMap(users::find)
            .filter(AppUser::enabled)
            .map(user -> document(user.actor(), baseUrl, now));
    }

    private String document(Actor actor, URI baseUrl, Instant now) {
        Instant from = now.minus(PAST).truncatedTo(ChronoUnit.DAYS);
        List<FeedDocument.CustomerCalendar> mine = customers.findAll(actor.customerIds())
            .stream()
            .map(c -> new FeedDocument.CustomerCalendar(c,
                    calendars.calendar(actor, c.id(), from, WindowCalendar.HORIZON)))
            .toList();
        return FeedDocument.of(actor.username(), baseUrl, mine);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

}
