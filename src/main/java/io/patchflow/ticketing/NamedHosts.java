package io.patchflow.ticketing;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which of a customer's hosts a ticket names: a host name that appears in the ticket's
 * text as a whole word, whatever its case ("acme-web-01 is down since the update."). A
 * name that is only part of a longer one ("acme-web-01" in "acme-web-010", or in
 * "acme-web-01.example.net") is not counted: a person looking at the result should not
 * see a machine highlighted that the ticket does not mention.
 */
final class NamedHosts {

    /** Host names are letters, digits, dots, hyphens and underscores. */
    private static final String NAME_CHAR = "[\\p{Alnum}_-]";

    private NamedHosts() {
    }

    /** The hosts named in {@code text}, in the order of {@code hostnames}. */
    static List<String> in(String text, Collection<String> hostnames) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String haystack = text.toLowerCase(Locale.ROOT);
        return hostnames.stream().filter(h -> h != null && !h.isBlank() && named(haystack, h)).toList();
    }

    private static boolean named(String haystack, String hostname) {
        String name = hostname.toLowerCase(Locale.ROOT);
        if (!haystack.contains(name)) {
            return false; // the common case, without a regular expression
        }
        // not preceded by a name character or a dot; not followed by a name character,
        // nor by a dot that continues the name (a full stop ends it)
        return Pattern.compile("(?<![\\p{Alnum}_.-])" + Pattern.quote(name) + "(?!" + NAME_CHAR + ")(?!\\.\\p{Alnum})")
            .matcher(haystack)
            .find();
    }

}
