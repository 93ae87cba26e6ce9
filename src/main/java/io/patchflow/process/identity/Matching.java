package io.patchflow.process.identity;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import org.camunda.bpm.engine.impl.Page;

/** Filtering helpers for in-memory identity queries. */
final class Matching {

    private Matching() {
    }

    static boolean equalsIfSet(String expected, String actual) {
        return expected == null || expected.equals(actual);
    }

    static boolean inIfSet(String[] expected, String actual) {
        return expected == null || Arrays.asList(expected).contains(actual);
    }

    /** Camunda passes SQL LIKE patterns ({@code %} and {@code _}). */
    static boolean likeIfSet(String pattern, String actual) {
        if (pattern == null) {
            return true;
        }
        if (actual == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return actual.toLowerCase(Locale.ROOT).matches(regex.toString());
    }

    static <T> List<T> page(Stream<T> items, Function<T, String> id, Page page) {
        Stream<T> sorted = items.sorted(Comparator.comparing(id));
        if (page != null) {
            sorted = sorted.skip(page.getFirstResult()).limit(page.getMaxResults());
        }
        return sorted.toList();
    }

}
