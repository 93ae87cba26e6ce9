package io.patchflow.change;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Page;
import io.patchflow.shared.TicketReference;

/**
 * What the change list shows: filters and the page. Every value is checked where it comes
 * in, the same for the page and the API; a wrong one is a 400 naming the field, never an
 * empty list that hides the mistake.
 *
 * @param q a change id ({@code CHG-12}, or {@code 12}) or part of the title, any case
 * @param ticket the reference of a ticket linked to the change
 * @param asset the host name of one of the change's assets, any case
 * @param cve a CVE one of the change's patches fixes
 * @param from the first day (UTC) the change was created on, inclusive
 * @param to the last day (UTC) the change was created on, inclusive
 */
public record ChangeQuery(String q, String customer, String ticket, String asset, String cve, ChangeStatus status,
        ChangeOutcome outcome, LocalDate from, LocalDate to, int page, int size) {

    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,7}");

    private static final Pattern CHANGE_ID = Pattern.compile("(?:CHG-)?(\\d{1,18})", Pattern.CASE_INSENSITIVE);

    public ChangeQuery {
        q = blank(q) ? null : q.strip();
        if (q != null && q.length() > 200) {
            throw new InvalidInputException("q", "q is at most 200 characters, as a title is");
        }
        customer = blank(customer) ? null : customer.strip();
        if (customer != null && customer.length() > 40) {
            throw new InvalidInputException("customer", "a customer id has at most 40 characters");
        }
        ticket = blank(ticket) ? null : ticket.strip();
        if (ticket != null) {
            TicketReference.check("ticket", ticket);
        }
        asset = blank(asset) ? null : asset.strip();
        if (asset != null && asset.length() > 253) {
            throw new InvalidInputException("asset", "an asset's host name has at most 253 characters");
        }
        cve = blank(cve) ? null : cve.strip().toUpperCase(Locale.ROOT);
        if (cve != null && !CVE.matcher(cve).matches()) {
            throw new InvalidInputException("cve", "a CVE id looks like CVE-2025-48384, not '" + shown(cve) + "'");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidInputException("to", "to (" + to + ") is before from (" + from + ")");
        }
        page = Page.checkedPage(page);
        size = Page.checkedSize(size);
    }

    /** The filters as a page's form and the API's query string send them. */
    public static ChangeQuery of(String q, String customer, String ticket, String asset, String cve, String status,
            String outcome, String from, String to, int page, int size) {
        return new ChangeQuery(q, customer, ticket, asset, cve, named("status", status, ChangeStatus.class),
                named("outcome", outcome, ChangeOutcome.class), date("from", from), date("to", to), page, size);
    }

    /** Every change of mine, newest first. */
    public static ChangeQuery firstPage(int size) {
        return new ChangeQuery(null, null, null, null, null, null, null, null, null, 0, size);
    }

    /** The change id {@code q} names, if it has the form of one. */
    public Long changeId() {
        if (q == null) {
            return null;
        }
        Matcher id = CHANGE_ID.matcher(q);
        return id.matches() ? Long.valueOf(id.group(1)) : null;
    }

    /** Whether any filter narrows the list. */
    public boolean filtered() {
        return q != null || customer != null || ticket != null || asset != null || cve != null || status != null
                || outcome != null || from != null || to != null;
    }

    /** The query string of the same filters at another page (never before the first). */
    public String atPage(int other) {
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance();
        List<String[]> pairs = new ArrayList<>();
        add(pairs, "q", q);
        add(pairs, "customer", customer);
        add(pairs, "ticket", ticket);
        add(pairs, "asset", asset);
        add(pairs, "cve", cve);
        add(pairs, "status", status == null ? null : status.name());
        add(pairs, "outcome", outcome == null ? null : outcome.name());
        add(pairs, "from", from == null ? null : from.toString());
        add(pairs, "to", to == null ? null : to.toString());
        add(pairs, "page", Math.max(0, other) == 0 ? null : Integer.toString(Math.max(0, other)));
        pairs.forEach(p -> uri.queryParam(p[0], p[1]));
        String query = uri.encode().build().getQuery();
        return query == null ? "" : query;
    }

    private static void add(List<String[]> pairs, String name, String value) {
        if (value != null) {
            pairs.add(new String[] { name, value });
        }
    }

    private static <E extends Enum<E>> E named(String field, String value, Class<E> type) {
        if (blank(value)) {
            return null;
        }
        String name = value.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants())
            .filter(e -> e.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new InvalidInputException(field, field + " is one of "
                    + Arrays.toString(type.getEnumConstants()) + ", not '" + shown(value.strip()) + "'"));
    }

    private static LocalDate date(String field, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            throw new InvalidInputException(field,
                    field + " is a date like 2026-01-31, not '" + shown(value.strip()) + "'");
        }
    }

    /** What was typed, as the refusal quotes it: not more than a line of it. */
    private static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

}
