package io.patchflow.shared;

/** Text that came from outside, made safe to store and to show. */
public final class Text {

    private Text() {
    }

    /**
     * Control characters other than tab and line breaks become '?': PostgreSQL refuses
     * NUL in text, and nobody reads a message better for a bell or an escape sequence in
     * it.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
            if (control && clean == null) {
                clean = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (clean != null) {
                clean.append(control ? '?' : c);
            }
        }
        return clean == null ? text : clean.toString();
    }

}
