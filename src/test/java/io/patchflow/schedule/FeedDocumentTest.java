package io.patchflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

import io.patchflow.change.ChangeId;
import io.patchflow.customer.Customer;

class FeedDocumentTest {

    private static final Instant T = Instant.parse("2027-01-15T22:00:00Z");

    @Test
    void changesWindowsAndBlackoutsAreEventsWithStableIdsReadBackByAParser() throws Exception {
        Calendar acme = new Calendar("acme", T, T.plusSeconds(86400),
                List.of(new Calendar.WindowOpening(7, "Saturday night", "Europe/Berlin", T, T.plusSeconds(14400))),
                List.of(new Blackout(3, null, "Year end", T, T.plusSeconds(3600), Blackout.Kind.HARD)),
                List.of(new Calendar.ScheduledChange("CHG-12", "OpenSSL; \"urgent\", tonight\nsecond line", "SCHEDULED",
                        "NORMAL", T, T.plusSeconds(7200), List.of(new ChangeConflict(ChangeId.parse("CHG-9"), 2,
                                "POSTPONED", "shares 2 assets", null)))));
        Calendar globex = new Calendar("globex", T, T.plusSeconds(86400), List.of(),
                List.of(new Blackout(3, null, "Year end", T, T.plusSeconds(3600), Blackout.Kind.HARD)), List.of());

        String ics = FeedDocument.of("dave", URI.create("https://patchflow.example/pf/"),
                List.of(new FeedDocument.CustomerCalendar(new Customer("acme", "Acme"), acme),
                        new FeedDocument.CustomerCalendar(new Customer("globex", "Globex"), globex)));
        List<VEvent> events = new CalendarBuilder().build(new StringReader(ics)).getComponents(Component.VEVENT);

        assertThat(events).extracting(e -> value(e, Property.UID))
            .containsExactly("change-CHG-12@patchflow.example", "window-7-" + T.getEpochSecond() + "@patchflow.example",
                    "blackout-3@patchflow.example");
        VEvent change = events.get(0);
        assertThat(value(change, Property.SUMMARY))
            .isEqualTo("CHG-12 OpenSSL; \"urgent\", tonight\nsecond line (conflict)");
        assertThat(value(change, Property.URL)).isEqualTo("https://patchflow.example/pf/changes/CHG-12");
        assertThat(value(change, Property.DTSTART)).isEqualTo("20270115T220000Z");
        assertThat(value(change, Property.DESCRIPTION)).contains("Conflict with CHG-9: POSTPONED (shares 2 assets)");
        assertThat(value(events.get(1), Property.TRANSP)).isEqualTo("TRANSPARENT");
        assertThat(value(events.get(2), Property.SUMMARY)).isEqualTo("HARD blackout Year end (every customer)");
        assertThat(ics).contains("METHOD:PUBLISH").contains("X-PUBLISHED-TTL:PT1H");
    }

    @Test
    void backToBackOpeningsOfAWindowAreOneEventNotOneADay() throws Exception {
        Instant day = Instant.parse("2027-01-01T00:00:00Z");
        List<Calendar.WindowOpening> openings = new java.util.ArrayList<>();
        for (int d = 0; d < 3; d++) {
            openings.add(new Calendar.WindowOpening(1, "always", "UTC", day.plusSeconds(86400L * d),
                    day.plusSeconds(86400L * (d + 1))));
        }
        openings
            .add(new Calendar.WindowOpening(2, "Saturday night", "UTC", day.plusSeconds(3600), day.plusSeconds(7200)));
        openings.add(new Calendar.WindowOpening(2, "Saturday night", "UTC", day.plusSeconds(86400 * 7),
                day.plusSeconds(86400 * 7 + 3600)));

        List<Calendar.WindowOpening> merged = FeedDocument.merged(openings);

        assertThat(merged)
            .extracting(Calendar.WindowOpening::windowId, Calendar.WindowOpening::start, Calendar.WindowOpening::end)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, day, day.plusSeconds(86400 * 3)),
                    org.assertj.core.groups.Tuple.tuple(2L, day.plusSeconds(3600), day.plusSeconds(7200)),
                    org.assertj.core.groups.Tuple.tuple(2L, day.plusSeconds(86400 * 7),
                            day.plusSeconds(86400 * 7 + 3600)));
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).orElseThrow().getValue();
    }

}
