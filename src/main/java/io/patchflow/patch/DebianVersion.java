package io.patchflow.patch;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream_version[-debian_revision]}, parsed
 * and ordered the way dpkg 1.21 does it ({@code parseversion} in lib/dpkg/parsehelp.c,
 * {@code verrevcmp} and {@code dpkg_version_compare} in lib/dpkg/version.c).
 *
 * <p>
 * Which inputs are refused follows {@code dpkg --compare-versions}: whatever dpkg reports
 * as an error is an {@link IllegalArgumentException} carrying dpkg's own wording, and
 * whatever dpkg merely warns about (an upstream version that does not start with a digit,
 * characters outside Debian policy such as {@code _}) is accepted and ordered exactly as
 * dpkg orders it, because dpkg goes on to compare such versions too. Three deliberate
 * differences, all about input that no real package can carry:
 * <ul>
 * <li>the empty string is refused; {@code dpkg --compare-versions} reads it (and
 * {@code <unknown>}) as "no version at all", which is not a version this type can
 * represent;</li>
 * <li>non-ASCII characters are refused: dpkg orders them by C {@code char} value, which
 * is signed on amd64 and unsigned on arm64, so dpkg itself gives different answers on
 * different machines;</li>
 * <li>control characters other than tab are refused rather than compared, so that they
 * never reach logs or screens through error messages.</li>
 * </ul>
 *
 * <p>
 * Equality is equality under dpkg's ordering, so {@code 1.0}, {@code 0:1.0}, {@code 1.00}
 * and {@code 1.0-0} are all equal; {@link #toString()} gives the canonical spelling of
 * the version as parsed.
 */
public final class DebianVersion implements Comparable<DebianVersion> {

    private final int epoch;

    private final String upstream;

    private final String revision;

    // Precomputed because equals and hashCode must agree with compareTo, which ignores
    // leading zeros.
    private final String upstreamKey;

    private final String revisionKey;

    private DebianVersion(int epoch, String upstream, String revision) {
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
        this.upstreamKey = equalityKey(upstream);
        this.revisionKey = equalityKey(revision);
    }

    public static DebianVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("version string is null");
        }
        refuseWhatDpkgOrdersInconsistently(text);

        int start = 0;
        while (start < text.length() && isBlank(text.charAt(start))) {
            start++;
        }
        // Everything below indexes into s, which (like dpkg's pointer) still carries
        // trailing blanks.
        String s = text.substring(start);
        if (s.isEmpty()) {
            throw bad(text, "version string is empty");
        }
        int end = 0;
        while (end < s.length() && !isBlank(s.charAt(end))) {
            end++;
        }
        for (int i = end; i < s.length(); i++) {
            if (!isBlank(s.charAt(i))) {
                throw bad(text, "version string has embedded spaces");
            }
        }

        int epoch = 0;
        int versionStart = 0;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            epoch = parseEpoch(text, s, colon);
            // dpkg tests the character after the colon before trimming, so "1: " gets
            // past this check and fails later as an empty version number; keep that so
            // the messages match dpkg's.
            if (colon + 1 == s.length()) {
                throw bad(text, "nothing after colon in version number");
            }
            versionStart = colon + 1;
        }

        String version = s.substring(versionStart, end);
        String revision = "";
        int hyphen = version.lastIndexOf('-');
        if (hyphen >= 0) {
            revision = version.substring(hyphen + 1);
            version = version.substring(0, hyphen);
            if (revision.isEmpty()) {
                throw bad(text, "revision number is empty");
            }
        }
        if (version.isEmpty()) {
            throw bad(text, "version number is empty");
        }
        return new DebianVersion(epoch, version, revision);
    }

    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    public int epoch() {
        return epoch;
    }

    public String upstream() {
        return upstream;
    }

    public String revision() {
        return revision;
    }

    @Override
    public int compareTo(DebianVersion other) {
        if (epoch != other.epoch) {
            return epoch < other.epoch ? -1 : 1;
        }
        int upstreamOrder = compareParts(upstream, other.upstream);
        return upstreamOrder != 0 ? upstreamOrder : compareParts(revision, other.revision);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion other && epoch == other.epoch && upstreamKey.equals(other.upstreamKey)
                && revisionKey.equals(other.revisionKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, upstreamKey, revisionKey);
    }

    /**
     * The version as dpkg prints it: the epoch only when it is not zero or when a colon
     * elsewhere would otherwise be read back as one, the revision only when there is one.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (epoch != 0 || upstream.indexOf(':') >= 0 || revision.indexOf(':') >= 0) {
            out.append(epoch).append(':');
        }
        out.append(upstream);
        if (!revision.isEmpty()) {
            out.append('-').append(revision);
        }
        return out.toString();
    }

    /**
     * dpkg reads the epoch with strtol, so a sign is allowed, "-0" is a valid epoch of
     * zero, and a number too large for a long is still "negative" when it has a minus
     * sign.
     */
    private static int parseEpoch(String text, String s, int colon) {
        int i = 0;
        boolean minus = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            minus = s.charAt(0) == '-';
            i = 1;
        }
        int digits = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits) {
            throw bad(text, "epoch in version is empty");
        }
        if (i != colon) {
            throw bad(text, "epoch in version is not number");
        }
        BigInteger value = new BigInteger(s.substring(digits, i));
        if (minus && value.signum() != 0) {
            throw bad(text, "epoch in version is negative");
        }
        if (value.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw bad(text, "epoch in version is too big");
        }
        return value.intValue();
    }

    private static void refuseWhatDpkgOrdersInconsistently(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException(String
                    .format("version has bad syntax: character U+%04X at index %d is not printable ASCII", (int) c, i));
            }
        }
    }

    /**
     * dpkg's verrevcmp. Both strings are read as alternating non-digit and digit runs;
     * non-digit runs are compared character by character by {@link #order}, digit runs as
     * numbers of any length.
     */
    private static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // Runs on while either side has a non-digit, so a run that ends early meets
            // the other side's next character with order 0, which is what makes "1.0~" <
            // "1.0" < "1.0a".
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return ac < bc ? -1 : 1;
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            // Without leading zeros the longer number is the larger; between equal
            // lengths the first differing digit decides. Comparing digit by digit never
            // overflows, however long the run.
            int firstDiff = 0;
            while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff < 0 ? -1 : 1;
            }
        }
        return 0;
    }

    /**
     * dpkg's order(): {@code ~} sorts before the end of a run, the end of a run (and a
     * digit, which ends a non-digit run) before letters, letters before everything else.
     * Only ASCII reaches here.
     */
    private static int order(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (isDigit(c)) {
            return 0;
        }
        if (isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    /**
     * A string that is equal for two parts exactly when {@link #compareParts} finds them
     * equal: every digit run loses its leading zeros but keeps at least one digit, and a
     * part that ends in a non-digit (or is empty) gets a "0", since dpkg reads the
     * missing number there as zero. The kept zero matters: "1.0a" and "1.a" differ in
     * dpkg, while "1.0a" and "1.0a0" do not.
     */
    private static String equalityKey(String part) {
        StringBuilder key = new StringBuilder(part.length() + 1);
        int i = 0;
        while (true) {
            int nonDigits = i;
            while (i < part.length() && !isDigit(part.charAt(i))) {
                i++;
            }
            key.append(part, nonDigits, i);
            int digits = i;
            while (i < part.length() && isDigit(part.charAt(i))) {
                i++;
            }
            int significant = digits;
            while (significant < i - 1 && part.charAt(significant) == '0') {
                significant++;
            }
            if (digits == i) {
                key.append('0');
            }
            else {
                key.append(part, significant, i);
            }
            if (i == part.length()) {
                return key.toString();
            }
        }
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("version '" + text + "' has bad syntax: " + problem);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

}
