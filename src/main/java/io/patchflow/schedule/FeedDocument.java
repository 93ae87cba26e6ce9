package io.patchflow.schedule;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableTransp;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import io.patchflow.customer.Customer;

/**
 * A user's calendars as one iCalendar document (RFC 5545): scheduled changes, window
 * openings and blackouts, each an event with a stable UID so that a calendar application
 * updates it rather than adding it again. All times are UTC. Text from people (titles,
 * names) is escaped by ical4j.
 */
final class FeedDocument {

    /** How often a calendar application should read the feed again (a hint). */
    static final String REFRESH = "PT1H";

    private FeedDocument() {
    }

    /**
     * @param baseUrl the server's address, for links to change pages
     * @param calendars one per customer, with the customer
     */
    static String of(String username, URI baseUrl, List<CustomerCalendar> calendars) {
        net.fortuna.ical4j.model.Calendar ics = new net.fortuna.ical4j.model.Calendar();
        ics.add(new ProdId("-//Patchflow//Change calendar//EN"));
        ics.add(ImmutableVersion.VERSION_2_0);
        ics.add(ImmutableCalScale.GREGORIAN);
        ics.add(ImmutableMethod.PUBLISH);
        ics.add(new XProperty("X-WR-CALNAME", "Patchflow changes (" + username + ")"));
        ics.add(new XProperty("X-PUBLISHED-TTL", REFRESH));
        ics.add(new XProperty("REFRESH-INTERVAL", REFRESH));
        String host = baseUrl.getHost() == null ? "patchflow" : baseUrl.getHost();
        Set<Long> globalBlackouts = new HashSet<>();
        for (CustomerCalendar entry : calendars) {
            Customer customer = entry.customer();
            Calendar calendar = entry.calendar();
            for (Calendar.ScheduledChange change : calendar.changes()) {
                StringBuilder text = new StringBuilder(customer.name() + ", " + change.status()
                        + (change.changeType() == null ? "" : ", " + change.changeType()));
                change.conflicts()
                    .forEach(c -> text.append("\nConflict with ")
                        .append(c.otherChange())
                        .append(": ")
                        .append(c.resolution())
                        .append(" (")
                        .append(c.detail())
                        .append(')'));
                VEvent event = event(change.start(), change.end(),
                        change.id() + " " + change.title() + (change.conflicts().isEmpty() ? "" : " (conflict)"),
                        "change-" + change.id() + "@" + host, text.toString(), "Change");
                event.add(new Url(baseUrl.resolve("changes/" + change.id())));
                ics.add(event);
            }
            for (Calendar.WindowOpening opening : merged(calendar.openings())) {
                VEvent event = event(opening.start(), opening.end(),
                        "Maintenance window " + opening.window() + " (" + customer.name() + ")",
                        "window-" + opening.windowId() + "-" + opening.start().getEpochSecond() + "@" + host,
                        customer.name() + ": maintenance window open (" + opening.timeZone() + ")",
                        "Maintenance window");
                event.add(ImmutableTransp.TRANSPARENT);
                ics.add(event);
            }
            for (Blackout blackout : calendar.blackouts()) {
                if (blackout.customerId() == null && !globalBlackouts.add(blackout.id())) {
                    continue;
                }
                String scope = blackout.customerId() == null ? "every customer" : customer.name();
                ics.add(event(blackout.start(), blackout.end(),
                        blackout.kind() + " blackout " + blackout.name() + " (" + scope + ")",
                        "blackout-" + blackout.id() + "@" + host,
                        blackout.kind().name().toLowerCase(Locale.ROOT) + " blackout for " + scope, "Blackout"));
            }
        }
        return ics.toString();
    }

    /**
     * Back-to-back openings of one window (an always-open window, a window that spans
     * days) are one event, as the calendar page shows them: not one a day.
     */
    static List<Calendar.WindowOpening> merged(List<Calendar.WindowOpening> openings) {
        List<Calendar.WindowOpening> merged = new java.util.ArrayList<>();
        java.util.Map<Long, Integer> last = new java.util.HashMap<>();
        for (Calendar.WindowOpening o : openings) {
            Integer at = last.get(o.windowId());
            Calendar.WindowOpening previous = at == null ? null : merged.get(at);
            if (previous != null && !previous.end().isBefore(o.start())) {
                merged.set(at, new Calendar.WindowOpening(previous.windowId(), previous.window(), previous.timeZone(),
                        previous.start(), o.end().isAfter(previous.end()) ? o.end() : previous.end()));
            }
            else {
                last.put(o.windowId(), merged.size());
                merged.add(o);
            }
        }
        return merged;
    }

    private static VEvent event(Instant start, Instant end, String summary, String uid, String description,
            String category) {
        VEvent event = new VEvent(start, end, summary);
        event.add(new Uid(uid));
        event.add(new Description(description));
        event.add(new Categories(category));
        return event;
    }

    /** A customer's calendar for the feed. */
    record CustomerCalendar(Customer customer, Calendar calendar) {
    }

}
