package io.patchflow.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Text;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The FEEL an analyst's draft may hold for the impact preview to evaluate it (ADR 0051).
 * The preview runs a draft nobody has reviewed yet, inside the server, on hundreds of
 * changes. FEEL builds data faster than a table's size suggests: on 7.24's FEEL engine a
 * context whose every entry doubles the one before ran out of a 256 MB heap in two
 * seconds, {@code for i in 1..10000000} in 28, and {@code decimal(1, 99999999)} was still
 * computing after a minute. So a draft's expressions may not bind or loop (no contexts,
 * {@code for}, {@code some}, {@code every}, function definitions), hide code (no
 * comments, no quoted names) or call the result of an expression, and they call only the
 * functions of {@link #FUNCTIONS}, whose results are no larger than their arguments.
 * Patchflow's own tables need nothing else.
 */
final class DraftFeel {

    static final Set<String> FUNCTIONS = Set.of("not", "date", "time", "date and time", "duration",
            "years and months duration", "string", "string length", "upper case", "lower case", "contains",
            "starts with", "ends with", "list contains", "count", "min", "max", "sum", "abs", "is defined");

    /**
     * FEEL's parser recurses once per operator and bracket: on a 512 KB stack 500 terms
     * joined by {@code +}, or 400 by {@code and}, overflowed it. Patchflow's longest
     * expression has two.
     */
    static final int MAX_OPERATORS = 100;

    static final int MAX_NESTING = 20;

    /** Words after which a parenthesis groups instead of calling. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "in", "if", "then", "else", "of", "between",
            "return", "satisfies");

    private static final Pattern BINDING = Pattern
        .compile("(?<![\\p{L}\\p{N}_?])(for|some|every|function)(?![\\p{L}\\p{N}_?])");

    private static final Pattern LOGIC = Pattern
        .compile("(?<![\\p{L}\\p{N}_?])(and|or|between|in)(?![\\p{L}\\p{N}_?])");

    /** Elements whose text is prose, not FEEL. */
    private static final Set<String> PROSE = Set.of("annotationEntry", "textAnnotation");

    private DraftFeel() {
    }

    /** What stops the preview from evaluating this model, one line per expression. */
    static List<String> problems(DmnModelInstance model) {
        List<String> problems = new ArrayList<>();
        for (Text text : model.getModelElementsByType(Text.class)) {
            ModelElementInstance parent = text.getParentElement();
            String type = parent == null ? "text" : parent.getElementType().getTypeName();
            if (PROSE.contains(type)) {
                continue;
            }
            String problem = problem(text.getTextContent());
            if (problem != null) {
                String id = parent == null ? null : parent.getAttributeValue("id");
                problems.add(type + (id == null ? "" : " " + id) + " " + problem);
            }
        }
        return problems;
    }

    /** Why the preview does not evaluate this expression, or null if it does. */
    static String problem(String feel) {
        if (feel == null) {
            return null;
        }
        String code = withoutStrings(feel);
        if (code == null) {
            return "has a string that is not closed, which the impact preview does not evaluate";
        }
        String size = size(code);
        if (size != null) {
            return size;
        }
        if (code.indexOf('{') >= 0) {
            return "builds a context ({…}), which the impact preview does not evaluate";
        }
        if (code.contains("//") || code.contains("/*")) {
            return "has a comment, which the impact preview does not evaluate";
        }
        if (code.indexOf('`') >= 0) {
            return "has a quoted name (`…`), which the impact preview does not evaluate";
        }
        Matcher binding = BINDING.matcher(code);
        if (binding.find()) {
            return "uses '" + binding.group(1) + "', which the impact preview does not evaluate";
        }
        for (int open = code.indexOf('('); open >= 0; open = code.indexOf('(', open + 1)) {
            String called = called(code, open);
            if (called != null) {
                return called;
            }
        }
        return null;
    }

    /**
     * Why the parenthesis at {@code open} is a call the preview does not make, or null if
     * it groups or calls one of {@link #FUNCTIONS}.
     */
    private static String called(String code, int open) {
        int end = open;
        while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        char before = code.charAt(end - 1);
        if (before == ')' || before == ']') {
            return "calls the result of an expression, which the impact preview does not evaluate";
        }
        // up to four words back: the longest function name is four words long
        List<String> words = new ArrayList<>();
        int at = end;
        while (words.size() < 4) {
            int wordEnd = at;
            while (at > 0 && isNameChar(code.charAt(at - 1))) {
                at--;
            }
            if (at == wordEnd) {
                break;
            }
            words.add(0, code.substring(at, wordEnd));
            while (at > 0 && Character.isWhitespace(code.charAt(at - 1))) {
                at--;
            }
        }
        if (words.isEmpty() || KEYWORDS.contains(words.get(words.size() - 1))) {
            return null;
        }
        for (int from = 0; from < words.size(); from++) {
            if (FUNCTIONS.contains(String.join(" ", words.subList(from, words.size())))) {
                return null;
            }
        }
        int name = words.size() - 1;
        while (name > 0 && !KEYWORDS.contains(words.get(name - 1))) {
            name--;
        }
        return "calls '" + String.join(" ", words.subList(name, words.size()))
                + "', which the impact preview does not evaluate; it calls only "
                + String.join(", ", FUNCTIONS.stream().sorted().toList());
    }

    /** Why the expression is too deep or too long for the parser, or null. */
    private static String size(String code) {
        int operators = 0;
        int depth = 0;
        int deepest = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if ("+-*/<>=!".indexOf(c) >= 0) {
                operators++;
            }
            else if (c == '(' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            }
            else if (c == ')' || c == ']') {
                depth--;
            }
        }
        Matcher words = LOGIC.matcher(code);
        while (words.find()) {
            operators++;
        }
        if (operators > MAX_OPERATORS) {
            return "has " + operators + " operators, more than the " + MAX_OPERATORS
                    + " the impact preview evaluates in one expression";
        }
        if (deepest > MAX_NESTING) {
            return "nests brackets " + deepest + " deep, more than the " + MAX_NESTING
                    + " the impact preview evaluates";
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '?';
    }

    /**
     * The expression with every string literal emptied, so that what a string holds is
     * never read as code; null if a string is not closed.
     */
    private static String withoutStrings(String feel) {
        StringBuilder code = new StringBuilder(feel.length());
        boolean inString = false;
        for (int i = 0; i < feel.length(); i++) {
            char c = feel.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                }
                else if (c == '"') {
                    inString = false;
                    code.append('"');
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            }
            code.append(c);
        }
        return inString ? null : code.toString();
    }

}
