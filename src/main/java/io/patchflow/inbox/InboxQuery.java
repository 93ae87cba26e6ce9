package io.patchflow.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Page;
import io.patchflow.shared.Text;

/**
 * What the inbox shows: whose tasks ({@code scope}), filters, the order, and the page.
 * Every value is checked; a wrong one is a 400 naming the field, never an empty inbox.
 *
 * @param scope {@code all} (mine and my groups'), {@code mine} (assigned to me) or
 * {@code groups} (offered to my groups, not yet claimed)
 * @param due {@code overdue} or {@code today} (due by the end of today, UTC, not overdue)
 */
public record InboxQuery(String scope, String customer, String type, String risk, String patchType, String cve,
        String asset, String due, boolean kev, String sort, int page, int size) {

    public static final Set<String> SCOPES = Set.of("all", "mine", "groups");

    public static final List<String> SORTS = List.of("due", "risk", "customer", "age");

    public static final Set<String> PATCH_TYPES = Set.of("SECURITY", "MAINTENANCE", "FIRMWARE", "APPLICATION");

    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,7}");

    public InboxQuery {
        printable("scope", scope);
        printable("customer", customer);
        printable("cve", cve);
        printable("asset", asset);
        scope = blank(scope) ? "all" : scope.strip().toLowerCase(Locale.ROOT);
        if (!SCOPES.contains(scope)) {
            throw new InvalidInputException("scope", "scope is all, mine or groups, not '" + scope + "'");
        }
        customer = blank(customer) ? null : customer.strip();
        type = upper(type);
        if (type != null && !names(ChangeType.values()).contains(type)) {
            throw new InvalidInputException("type",
                    "type is one of " + names(ChangeType.values()) + ", not '" + type + "'");
        }
        risk = upper(risk);
        if (risk != null && !names(RiskLevel.values()).contains(risk)) {
            throw new InvalidInputException("risk",
                    "risk is one of " + names(RiskLevel.values()) + ", not '" + risk + "'");
        }
        patchType = upper(patchType);
        if (patchType != null && !PATCH_TYPES.contains(patchType)) {
            throw new InvalidInputException("patchType",
                    "patchType is one of SECURITY, MAINTENANCE, FIRMWARE, APPLICATION, not '" + patchType + "'");
        }
        cve = upper(cve);
        if (cve != null && !CVE.matcher(cve).matches()) {
            throw new InvalidInputException("cve", "a CVE id looks like CVE-2025-48384, not '" + cve + "'");
        }
        asset = blank(asset) ? null : asset.strip();
        if (asset != null && asset.length() > 253) {
            throw new InvalidInputException("asset", "an asset's host name has at most 253 characters");
        }
        due = blank(due) ? null : due.strip().toLowerCase(Locale.ROOT);
        if (due != null && !due.equals("overdue") && !due.equals("today")) {
            throw new InvalidInputException("due", "due is overdue or today, not '" + due + "'");
        }
        sort = blank(sort) ? "due" : sort.strip().toLowerCase(Locale.ROOT);
        if (!SORTS.contains(sort)) {
            throw new InvalidInputException("sort", "sort is one of " + SORTS + ", not '" + sort + "'");
        }
        page = Page.checkedPage(page);
        size = Page.checkedSize(size);
    }

    /** Everything of mine, due first: the inbox as it opens. */
    public static InboxQuery firstPage(int size) {
        return new InboxQuery(null, null, null, null, null, null, null, null, false, null, 0, size);
    }

    public InboxQuery withPage(int other) {
        return new InboxQuery(scope, customer, type, risk, patchType, cve, asset, due, kev, sort, other, size);
    }

    /** The query string of the same filters at another page (never before the first). */
    public String atPage(int other) {
        return withPage(Math.max(0, other)).queryString();
    }

    /** Whether any filter narrows the inbox. */
    public boolean filtered() {
        return customer != null || type != null || risk != null || patchType != null || cve != null || asset != null
                || due != null || kev || !scope.equals("all");
    }

    /**
     * The query string of this query (without defaults), as the inbox page's links and
     * saved filters (at page 0) write it.
     */
    public String queryString() {
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance();
        List<String[]> pairs = new ArrayList<>();
        add(pairs, "scope", scope.equals("all") ? null : scope);
        add(pairs, "customer", customer);
        add(pairs, "type", type);
        add(pairs, "risk", risk);
        add(pairs, "patchType", patchType);
        add(pairs, "cve", cve);
        add(pairs, "asset", asset);
        add(pairs, "due", due);
        add(pairs, "kev", kev ? "true" : null);
        add(pairs, "sort", sort.equals("due") ? null : sort);
        add(pairs, "page", page == 0 ? null : Integer.toString(page));
        pairs.forEach(p -> uri.queryParam(p[0], p[1]));
        String query = uri.encode().build().getQuery();
        return query == null ? "" : query;
    }

    private static void add(List<String[]> pairs, String name, String value) {
        if (value != null) {
            pairs.add(new String[] { name, value });
        }
    }

    /** Control characters are no part of any filter (and PostgreSQL refuses NUL). */
    static void printable(String field, String value) {
        if (value != null && !value.equals(Text.printable(value))) {
            throw new InvalidInputException(field, field + " holds control characters");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String upper(String value) {
        return blank(value) ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }

}
