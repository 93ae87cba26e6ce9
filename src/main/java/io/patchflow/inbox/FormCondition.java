package io.patchflow.inbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A form-js condition ({@code conditional.hide}) the server evaluates the way the browser
 * does. The browser evaluates FEEL (form-js uses feelin); the server understands the part
 * of FEEL that a form's conditions need: comparisons of a field with a literal
 * ({@code =}, {@code !=}), {@code and}, {@code or}, {@code not(...)} and parentheses,
 * with FEEL's nulls as feelin has them: {@code =} on values of different types is null,
 * not false ({@code !=} is then true), and {@code not}, {@code and} and {@code or} are
 * three-valued; see {@link #test} for how the result is read. A form whose condition uses
 * more is refused when it is deployed ({@link FormValidator#check}), rather than judged
 * differently from the browser.
 */
final class FormCondition {

    private final Node root;

    private final String text;

    private final boolean negatedTest;

    private FormCondition(Node root, String text, boolean negatedTest) {
        this.root = root;
        this.text = text;
        this.negatedTest = negatedTest;
    }

    /** {@code expression} as form-js writes it: a FEEL expression after {@code =}. */
    static FormCondition parse(String expression) {
        String text = expression == null ? "" : expression.strip();
        if (!text.startsWith("=")) {
            throw new IllegalStateException("a form condition is a FEEL expression starting with '=': " + expression);
        }
        List<String> tokens = tokens(text.substring(1), expression);
        Parser parser = new Parser(tokens, expression);
        Node root = parser.or();
        parser.end();
        // "not(...)" and nothing else: what FEEL reads as negated unary tests
        boolean negatedTest = root instanceof Not && tokens.get(0).equals("not");
        return new FormCondition(root, text.substring(1).strip(), negatedTest);
    }

    /**
     * Whether the condition holds. form-js evaluates it as a FEEL unary test with no
     * input value (feelin's {@code unaryTest}): a result of null is compared with the
     * missing input, so it counts as true, and a condition that is one {@code not(...)}
     * is a negated unary test, true only when its inner test is false.
     */
    boolean test(Map<String, Object> values) {
        if (this.negatedTest) {
            return !holds(((Not) this.root).operand().value(values));
        }
        return holds(this.root.value(values));
    }

    private static boolean holds(Object result) {
        return result == null || Boolean.TRUE.equals(result);
    }

    /** The field names the condition reads. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        this.root.collectNames(names);
        return names;
    }

    /** The condition as the form writes it, without the leading {@code =}. */
    @Override
    public String toString() {
        return this.text;
    }

    private interface Node {

        Object value(Map<String, Object> values);

        default void collectNames(Set<String> names) {
        }

    }

    private record Literal(Object value) implements Node {

        @Override
        public Object value(Map<String, Object> values) {
            return this.value;
        }

    }

    private record Name(String name) implements Node {

        @Override
        public Object value(Map<String, Object> values) {
            Object value = values.get(this.name);
            // A blank text is no answer, as the browser sends an emptied field.
            return value instanceof String s && s.isBlank() ? null : value;
        }

        @Override
        public void collectNames(Set<String> names) {
            names.add(this.name);
        }

    }

    private record Comparison(Node left, Node right, boolean equal) implements Node {

        @Override
        public Object value(Map<String, Object> values) {
            Boolean same = same(this.left.value(values), this.right.value(values));
            // feelin: = is null for values of different types, != is "not true"
            if (this.equal) {
                return same;
            }
            return !Boolean.TRUE.equals(same);
        }

        @Override
        public void collectNames(Set<String> names) {
            this.left.collectNames(names);
            this.right.collectNames(names);
        }

        /** FEEL: null equals only null; values of different types are not comparable. */
        private static Boolean same(Object a, Object b) {
            if (a == null || b == null) {
                return a == b;
            }
            if (a instanceof Number x && b instanceof Number y) {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            }
            if (a instanceof String && b instanceof String || a instanceof Boolean && b instanceof Boolean) {
                return a.equals(b);
            }
            return null;
        }

    }

    private record Logic(List<Node> operands, boolean and) implements Node {

        /**
         * FEEL: {@code and} is false if any operand is false, true if all are true, else
         * null; {@code or} the other way round.
         */
        @Override
        public Object value(Map<String, Object> values) {
            boolean unknown = false;
            for (Node operand : this.operands) {
                Object value = operand.value(values);
                if (Boolean.valueOf(!this.and).equals(value)) {
                    return !this.and;
                }
                unknown |= !(value instanceof Boolean);
            }
            return unknown ? null : this.and;
        }

        @Override
        public void collectNames(Set<String> names) {
            this.operands.forEach(operand -> operand.collectNames(names));
        }

    }

    private record Not(Node operand) implements Node {

        @Override
        public Object value(Map<String, Object> values) {
            return this.operand.value(values) instanceof Boolean b ? !b : null;
        }

        @Override
        public void collectNames(Set<String> names) {
            this.operand.collectNames(names);
        }

    }

    private static final class Parser {

        private final List<String> tokens;

        private final String expression;

        private int next;

        Parser(List<String> tokens, String expression) {
            this.tokens = tokens;
            this.expression = expression;
        }

        Node or() {
            List<Node> operands = new ArrayList<>(List.of(and()));
            while (accept("or")) {
                operands.add(and());
            }
            return operands.size() == 1 ? operands.get(0) : new Logic(operands, false);
        }

        private Node and() {
            List<Node> operands = new ArrayList<>(List.of(unary()));
            while (accept("and")) {
                operands.add(unary());
            }
            return operands.size() == 1 ? operands.get(0) : new Logic(operands, true);
        }

        private Node unary() {
            if (accept("not")) {
                expect("(");
                Node operand = or();
                expect(")");
                return new Not(operand);
            }
            if (accept("(")) {
                Node inner = or();
                expect(")");
                return inner;
            }
            Node left = operand();
            if (accept("=")) {
                return new Comparison(left, operand(), true);
            }
            if (accept("!=")) {
                return new Comparison(left, operand(), false);
            }
            throw unsupported("a comparison with = or !=");
        }

        private Node operand() {
            String token = take();
            if (token.startsWith("\"")) {
                return new Literal(token.substring(1));
            }
            switch (token) {
                case "null" -> {
                    return new Literal(null);
                }
                case "true", "false" -> {
                    return new Literal(Boolean.valueOf(token));
                }
                default -> {
                    if (token.matches("-?[0-9]+(\\.[0-9]+)?")) {
                        return new Literal(new BigDecimal(token));
                    }
                    if (token.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        return new Name(token);
                    }
                    throw unsupported("a field name or a literal, not " + token);
                }
            }
        }

        void end() {
            if (this.next < this.tokens.size()) {
                throw unsupported("the end, not " + this.tokens.get(this.next));
            }
        }

        private boolean accept(String token) {
            if (this.next < this.tokens.size() && this.tokens.get(this.next).equals(token)) {
                this.next++;
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw unsupported("'" + token + "'");
            }
        }

        private String take() {
            if (this.next >= this.tokens.size()) {
                throw unsupported("more");
            }
            return this.tokens.get(this.next++);
        }

        private IllegalStateException unsupported(String wanted) {
            return new IllegalStateException("the server cannot check the form condition " + this.expression
                    + ": expected " + wanted + " (it understands =, !=, and, or, not(...) and parentheses)");
        }

    }

    /** Strings keep their opening quote, so that a string "or" is not the operator. */
    private static List<String> tokens(String source, String expression) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            }
            else if (c == '"') {
                StringBuilder literal = new StringBuilder("\"");
                i++;
                while (i < source.length() && source.charAt(i) != '"') {
                    if (source.charAt(i) == '\\' && i + 1 < source.length()) {
                        i++;
                    }
                    literal.append(source.charAt(i++));
                }
                if (i >= source.length()) {
                    throw new IllegalStateException("unterminated string in the form condition " + expression);
                }
                i++;
                tokens.add(literal.toString());
            }
            else if (c == '!' && i + 1 < source.length() && source.charAt(i + 1) == '=') {
                tokens.add("!=");
                i += 2;
            }
            else if (c == '=' || c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            }
            else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
                int start = i;
                while (i < source.length() && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_'
                        || source.charAt(i) == '.' || source.charAt(i) == '-')) {
                    i++;
                }
                tokens.add(source.substring(start, i));
            }
            else {
                throw new IllegalStateException(
                        "the server cannot check the form condition " + expression + ": unexpected '" + c + "'");
            }
        }
        return tokens;
    }

}
