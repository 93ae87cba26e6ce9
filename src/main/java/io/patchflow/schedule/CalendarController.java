package io.patchflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.MaintenanceWindows;
import io.patchflow.inventory.WindowSpec;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * The calendar page: an agenda of window openings, blackouts and scheduled changes (all
 * times UTC).
 */
@Controller
class CalendarController {

    static final String CALENDAR = "schedule/calendar";

    private final CalendarService calendars;

    private final Blackouts blackouts;

    private final MaintenanceWindows windows;

    private final Customers customers;

    private final CalendarFeeds feeds;

    CalendarController(CalendarService calendars, Blackouts blackouts, MaintenanceWindows windows, Customers customers,
            CalendarFeeds feeds) {
        this.calendars = calendars;
        this.blackouts = blackouts;
        this.windows = windows;
        this.customers = customers;
        this.feeds = feeds;
    }

    /** One line of the agenda. */
    record Entry(Instant start, Instant end, String kind, String label, String href, String detail, boolean conflict) {

        Entry(Instant start, Instant end, String kind, String label, String href, String detail) {
            this(start, end, kind, label, href, detail, false);
        }

        public LocalDate day() {
            return start.atOffset(ZoneOffset.UTC).toLocalDate();
        }

    }

    /** One day of the week and month views, with what happens on it. */
    record Day(LocalDate date, boolean inPeriod, boolean today, List<Entry> entries) {

        public boolean hasConflict() {
            return entries.stream().anyMatch(Entry::conflict);
        }

    }

    @GetMapping("/calendar")
    String calendar(Actor actor, @RequestParam(required = false) String customer,
            @RequestParam(required = false) String from, @RequestParam(defaultValue = "14") int days,
            @RequestParam(defaultValue = "agenda") String view, Model model) {
        List<Customer> mine = customers.findAll(actor.customerIds());
        String selected = customer != null && actor.canSee(customer) ? customer
                : mine.isEmpty() ? null : mine.get(0).id();
        String shownView = List.of("agenda", "week", "month").contains(view) ? view : "agenda";
        LocalDate day = parseDay(from);
        // the week view starts on a Monday, the month view shows the weeks of the month
        LocalDate start = switch (shownView) {
            case "week" -> day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case "month" -> day.withDayOfMonth(1)
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            default -> day;
        };
        int shown = switch (shownView) {
            case "week" -> 7;
            case "month" -> (int) java.time.temporal.ChronoUnit.WEEKS.between(start,
                    day.withDayOfMonth(day.lengthOfMonth())
                        .with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.SUNDAY))
                        .plusDays(1))
                    * 7;
            default -> Math.max(1, Math.min(days, 62));
        };
        model.addAttribute("customers", mine);
        model.addAttribute("customer", selected);
        model.addAttribute("view", shownView);
        model.addAttribute("from", shownView.equals("month") ? day.withDayOfMonth(1) : start);
        model.addAttribute("days", shownView.equals("agenda") ? shown : days);
        model.addAttribute("previous", switch (shownView) {
            case "week" -> start.minusWeeks(1);
            case "month" -> day.withDayOfMonth(1).minusMonths(1);
            default -> start.minusDays(shown);
        });
        model.addAttribute("next", switch (shownView) {
            case "week" -> start.plusWeeks(1);
            case "month" -> day.withDayOfMonth(1).plusMonths(1);
            default -> start.plusDays(shown);
        });
        model.addAttribute("mayDefineWindows", MaintenanceWindows.DEFINE.allows(actor));
        model.addAttribute("mayManage", Blackouts.MANAGE.allows(actor));
        model.addAttribute("mayDeclareGlobal", Blackouts.DECLARE_GLOBAL.allows(actor));
        model.addAttribute("feed", feeds.status(actor).orElse(null));
        if (selected != null) {
            Calendar calendar = calendars.calendar(actor, selected, start.atStartOfDay().toInstant(ZoneOffset.UTC),
                    Duration.ofDays(shown));
            List<Entry> entries = entries(calendar);
            model.addAttribute("entries", entries);
            if (!shownView.equals("agenda")) {
                YearMonth month = YearMonth.from(day);
                model.addAttribute("weeks",
                        weeks(entries, start, shown, d -> shownView.equals("week") || YearMonth.from(d).equals(month)));
            }
            model.addAttribute("windows", windows.ofCustomer(actor, selected));
            model.addAttribute("blackouts", calendar.blackouts());
            model.addAttribute("conflicted",
                    calendar.changes().stream().filter(c -> !c.conflicts().isEmpty()).toList());
        }
        return CALENDAR;
    }

    /**
     * The period's days in weeks of seven, each with the entries that touch it (an entry
     * spanning days is on each of them).
     */
    static List<List<Day>> weeks(List<Entry> entries, LocalDate start, int days,
            java.util.function.Predicate<LocalDate> inPeriod) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<List<Day>> weeks = new ArrayList<>();
        for (int i = 0; i < days; i += 7) {
            List<Day> week = new ArrayList<>();
            for (int d = i; d < Math.min(i + 7, days); d++) {
                LocalDate date = start.plusDays(d);
                Instant dayStart = date.atStartOfDay().toInstant(ZoneOffset.UTC);
                Instant dayEnd = dayStart.plus(Duration.ofDays(1));
                week.add(new Day(date, inPeriod.test(date), date.equals(today),
                        entries.stream()
                            .filter(e -> e.start().isBefore(dayEnd) && e.end().isAfter(dayStart))
                            .toList()));
            }
            weeks.add(week);
        }
        return weeks;
    }

    @PostMapping("/calendar/blackouts")
    String declare(Actor actor, @RequestParam(required = false) String customer, @RequestParam String name,
            @RequestParam String start, @RequestParam String end, @RequestParam String kind,
            @RequestParam(defaultValue = "false") boolean global, RedirectAttributes redirect) {
        try {
            Blackouts.Declared declared = blackouts.declare(actor,
                    new BlackoutSpec(global ? null : customer, name, utc("start", start), utc("end", end), kind));
            redirect.addFlashAttribute("notice", "Declared "
                    + declared.blackout().kind().name().toLowerCase(Locale.ROOT) + " blackout '"
                    + declared.blackout().name() + "'."
                    + (declared.scheduledWithin().isEmpty() ? ""
                            : " Already scheduled within it: " + declared.scheduledWithin()
                                .stream()
                                .map(Object::toString)
                                .collect(Collectors.joining(", ")) + " (their installs wait until it ends)."));
        }
        catch (InvalidInputException | ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "No blackout declared: " + e.getMessage());
        }
        // a known customer id back into the redirect, never raw input
        actor.visibleCustomer(customer).ifPresent(c -> redirect.addAttribute("customer", c));
        return "redirect:/calendar";
    }

    @PostMapping("/calendar/blackouts/end")
    String end(Actor actor, @RequestParam String customer, @RequestParam long id, RedirectAttributes redirect) {
        try {
            blackouts.end(actor, id);
            redirect.addFlashAttribute("notice", "Blackout ended.");
        }
        catch (RuntimeException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        // a known customer id back into the redirect, never raw input
        actor.visibleCustomer(customer).ifPresent(c -> redirect.addAttribute("customer", c));
        return "redirect:/calendar";
    }

    @PostMapping("/calendar/windows")
    String defineWindow(Actor actor, @RequestParam String customer, @RequestParam String name,
            @RequestParam String timeZone, @RequestParam String recurrence,
            @RequestParam(defaultValue = "0") int offsetDays, @RequestParam String start,
            @RequestParam int durationMinutes, RedirectAttributes redirect) {
        try {
            MaintenanceWindows.WindowView window = windows.create(actor, customer,
                    new WindowSpec(name, timeZone, recurrence, offsetDays, start, durationMinutes));
            redirect.addFlashAttribute("notice", "Maintenance window '" + window.name() + "' defined; it next opens "
                    + (window.nextOpening() == null ? "not within 62 days" : window.nextOpening()) + ".");
        }
        catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "No window defined: " + e.field() + ": " + e.getMessage());
        }
        catch (ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", "No window defined: " + e.getMessage());
        }
        // a known customer id back into the redirect, never raw input
        actor.visibleCustomer(customer).ifPresent(c -> redirect.addAttribute("customer", c));
        return "redirect:/calendar";
    }

    private static List<Entry> entries(Calendar calendar) {
        List<Entry> entries = new ArrayList<>();
        // Back-to-back openings of one window (an always-open window, a window that spans
        // days) read as one entry.
        java.util.Map<Long, Entry> open = new java.util.HashMap<>();
        for (Calendar.WindowOpening o : calendar.openings()) {
            Entry previous = open.get(o.windowId());
            if (previous != null && !previous.end().isBefore(o.start())) {
                entries.remove(previous);
                Entry merged = new Entry(previous.start(), o.end(), previous.kind(), previous.label(), null,
                        previous.detail());
                entries.add(merged);
                open.put(o.windowId(), merged);
            }
            else {
                Entry entry = new Entry(o.start(), o.end(), "window", o.window(), null,
                        "maintenance window open (" + o.timeZone() + ")");
                entries.add(entry);
                open.put(o.windowId(), entry);
            }
        }
        calendar.blackouts()
            .forEach(b -> entries
                .add(new Entry(b.start(), b.end(), "blackout-" + b.kind().name().toLowerCase(Locale.ROOT), b.name(),
                        null, b.kind() + " blackout" + (b.customerId() == null ? " (every customer)" : ""))));
        calendar.changes()
            .forEach(c -> entries
                .add(new Entry(c.start(), c.end(), "change", c.id() + " " + c.title(), "/changes/" + c.id(),
                        c.status() + (c.changeType() == null ? "" : ", " + c.changeType())
                                + (c.conflicts().isEmpty() ? "" : "; " + c.conflicts().size() + " conflict(s)"),
                        !c.conflicts().isEmpty())));
        entries.sort(Comparator.comparing(Entry::start).thenComparing(Entry::kind));
        return entries;
    }

    private static LocalDate parseDay(String from) {
        if (from == null || from.isBlank()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(from);
        }
        catch (DateTimeParseException e) {
            return LocalDate.now(ZoneOffset.UTC);
        }
    }

    /** The form's datetime-local fields are read as UTC, as the page says. */
    private static OffsetDateTime utc(String field, String value) {
        try {
            return java.time.LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
        }
        catch (DateTimeParseException e) {
            throw new InvalidInputException(field,
                    field + " is a date and time such as 2026-12-24T00:00; got '" + value + "'");
        }
    }

}
