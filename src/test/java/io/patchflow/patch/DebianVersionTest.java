package io.patchflow.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DebianVersionTest {

    /**
     * a compared with b: -1, 0 or 1, or {@link #WHATEVER_DPKG_SAYS} for generated pairs.
     */
    record Case(String a, int expected, String b) {
        @Override
        public String toString() {
            return "'" + a + "' " + (expected < 0 ? "<" : expected > 0 ? ">" : "=") + " '" + b + "'";
        }
    }

    private static Case lt(String a, String b) {
        return new Case(a, -1, b);
    }

    private static Case eq(String a, String b) {
        return new Case(a, 0, b);
    }

    private static Case gt(String a, String b) {
        return new Case(a, 1, b);
    }

    static List<Case> handWritten() {
        return List.of(
                // tildes sort before everything, even the end of the string
                lt("1.0~rc1", "1.0"), lt("1.0~~", "1.0~"), lt("1.0~~", "1.0~~a"), lt("1.0~~a", "1.0~"),
                lt("1.0~", "1.0"), lt("1.0~rc1", "1.0~rc2"), lt("1.0~rc2", "1.0~rc10"), lt("1.0~beta", "1.0~rc"),
                gt("1.0-1", "1.0-1~"),
                // the end of a part sorts before letters, letters before other characters
                lt("1.0", "1.0a"), lt("1.0", "1.0+b1"), lt("1.0", "1.0.1"), lt("1.0a", "1.0+"), lt("1.0a", "1.0."),
                lt("1.0Z", "1.0a"), lt("1.0+", "1.0."), lt("1:1.0.", "1:1.0:"), lt("1:1.0+dfsg", "1:1.0:1"),
                // a digit ends a non-digit run, so it meets a letter with "end of run"
                // order
                gt("1.a", "1.0"), lt("1.0a", "1.a"), lt("1a", "10"), gt("1.0a", "1.0"), lt("9", "10"),
                lt("1.9", "1.10"),
                // leading zeros do not count; a missing number is zero
                eq("1.001", "1.1"), eq("1.0", "1.00"), eq("01", "1"), eq("1.0", "1."), eq("1.0a", "1.0a0"),
                eq("000000000000000000000000001", "1"), lt("1.0", "1.0.0"),
                // numbers longer than a long
                gt("1.99999999999999999999", "1.9"), lt("1.99999999999999999999", "1.100000000000000000000"),
                gt("1.18446744073709551617", "1.18446744073709551616"),
                gt("1.9223372036854775808", "1.9223372036854775807"),
                eq("1.00000000000000000000000000000000000000001", "1.1"),
                // revisions: after the last hyphen
                lt("1.0-1", "1.0-1ubuntu1"), lt("1.0-1", "1.0-2"), gt("1.0-10", "1.0-9"), eq("1.0", "1.0-0"),
                eq("1.0-00", "1.0"), lt("1.0", "1.0-1"), lt("1.0-1~bpo12+1", "1.0-1"), gt("1.0-beta-3", "1.0-beta-2"),
                gt("1.0-beta-3", "1.0-3"), lt("1.0-beta-3", "1.0.0-1"),
                // epochs first, numerically
                gt("2:1.0", "1:9.9"), gt("1:0.1", "9.9"), eq("0:1.0", "1.0"), eq("00:1.0", "1.0"),
                gt("10:1.0", "9:1.0"), gt("2147483647:0", "2147483646:99"),
                // strtol reads dpkg's epoch: a sign is allowed and "-0" is zero
                eq("+1:1.0", "1:1.0"), eq("-0:1.0", "1.0"),
                // colons after the epoch belong to the upstream version
                gt("1:2:3", "1:2.3"), eq("0:1:2", "0:1:2"), lt("0:1-2:3", "0:1-2:4"),
                // blanks around the version are trimmed
                eq(" 1.0\t", "1.0"), eq("  2:1.0-1 ", "2:1.0-1"),
                // dpkg only warns about these and compares them anyway; "_" is
                // punctuation, after "."
                gt("a1.0", "1.0"), lt("a1.0", "b1.0"), gt("1.0_1", "1.0"), gt("1.0-1_1", "1.0-1.1"),
                // real Debian and Ubuntu versions
                gt("1:2.39.5-0+deb12u2", "1:2.39.5-0+deb12u1"), gt("1:2.39.5-0+deb12u2", "1:2.39.2-1~deb12u1"),
                lt("1:2.39.5-0+deb12u2", "1:2.39.5-1"), lt("2.4.62-1~deb12u1", "2.4.62-1"),
                gt("2.4.62-1~deb12u1", "2.4.61-1"), gt("2.4.62-1~deb12u2", "2.4.62-1~deb12u1"),
                lt("6.1.76-1", "6.1.129-1"), gt("6.1.76-1", "6.1.76-0+deb12u1"),
                gt("2025b-0+deb12u1", "2025a-0+deb12u1"), lt("2025b-0+deb12u1", "2025b-1"),
                gt("2025b-0+deb12u1", "2024a-0+deb12u1"), lt("10.1.40-1~deb12u1", "10.1.40-1"),
                gt("10.1.40-1~deb12u1", "10.1.39-1"), gt("6.8.0-57.59", "6.8.0-57.58"),
                lt("6.8.0-57.59", "6.8.0-58.60"), lt("6.8.0-57.59", "6.8.0-100.100"),
                gt("2.36-9+deb12u10", "2.36-9+deb12u9"), gt("3.0.15-1~deb12u1", "3.0.11-1~deb12u2"),
                lt("2.35-0ubuntu3.8", "2.35-0ubuntu3.10"), lt("1.2.3-1ubuntu0.22.04.1", "1.2.3-1ubuntu0.24.04.1"),
                lt("1:9.18.33-1~deb12u2", "1:9.18.33-1~deb12u3"), lt("5.2.15-2+b7", "5.2.15-2+b8"),
                gt("5.2.15-2+b7", "5.2.15-2"), lt("252.36-1~deb12u1", "252.38-1~deb12u1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handWritten")
    void ordersHandWrittenEdgeCasesAsDpkgDoes(Case c) {
        assertThat(DebianVersion.compare(c.a(), c.b())).isEqualTo(c.expected());
        assertThat(DebianVersion.compare(c.b(), c.a())).isEqualTo(-c.expected());
        assertThat(DebianVersion.parse(c.a()).equals(DebianVersion.parse(c.b()))).isEqualTo(c.expected() == 0);
    }

    @Test
    void equalVersionsHaveEqualHashCodes() {
        assertThat(DebianVersion.parse("0:1.001-0")).isEqualTo(DebianVersion.parse("1.1"))
            .hasSameHashCodeAs(DebianVersion.parse("1.1"));
    }

    @Test
    void splitsEpochUpstreamAndTheRevisionAfterTheLastHyphen() {
        DebianVersion version = DebianVersion.parse("2:1.0-beta-3ubuntu1");

        assertThat(version.epoch()).isEqualTo(2);
        assertThat(version.upstream()).isEqualTo("1.0-beta");
        assertThat(version.revision()).isEqualTo("3ubuntu1");
    }

    @Test
    void printsTheCanonicalSpelling() {
        assertThat(DebianVersion.parse("0:1.0")).hasToString("1.0");
        assertThat(DebianVersion.parse(" +01:1.0-1\t")).hasToString("1:1.0-1");
        assertThat(DebianVersion.parse("-0:1.0")).hasToString("1.0");
        // without the epoch these would read back as a different version, or not at all
        assertThat(DebianVersion.parse("0:1:2")).hasToString("0:1:2");
        assertThat(DebianVersion.parse("0:1-2:3")).hasToString("0:1-2:3");
        // leading zeros are kept: they do not change the order, but they are what the
        // package says
        assertThat(DebianVersion.parse("1.001-01")).hasToString("1.001-01");
    }

    @Test
    void sortsAListOfVersions() {
        List<DebianVersion> sorted = Stream.of("1.0", "1.0~rc1", "1:0.9", "1.0-1", "1.0+b1", "1.0~~", "1.0a")
            .map(DebianVersion::parse)
            .sorted()
            .toList();

        assertThat(sorted).extracting(DebianVersion::toString)
            .containsExactly("1.0~~", "1.0~rc1", "1.0", "1.0-1", "1.0a", "1.0+b1", "1:0.9");
    }

    // ---- what dpkg refuses
    // ------------------------------------------------------------------------------

    static Stream<String> invalidVersions() {
        return Stream.of(" ", "\t", "1 0", "1.0 -1", "a:1.0", ":1.0", "+:1.0", "1a:1.0", "1.0:1", "-1:1.0",
                "-99999999999999999999:1.0", "2147483648:1.0", "99999999999999999999:1.0", "1:", "1: ", "1.0-", "-1.0",
                "1:-1", "-", "2:-");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("invalidVersions")
    void refusesWhatDpkgRefusesWithDpkgsMessage(String version) throws Exception {
        requireDpkg();
        ProcessBuilder builder = new ProcessBuilder("dpkg", "--compare-versions", "--", version, "eq", "1")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LC_ALL", "C");
        Process dpkg = builder.start();
        String stderr = new String(dpkg.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(dpkg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dpkg.exitValue()).as("dpkg exit status, stderr: %s", stderr).isEqualTo(2);
        assertThat(stderr).startsWith("dpkg: error: ");

        assertThatThrownBy(() -> DebianVersion.parse(version)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage(stderr.substring("dpkg: error: ".length()));
    }

    @Test
    void namesTheProblemInTheMessage() {
        assertThatThrownBy(() -> DebianVersion.parse("1a:1.0"))
            .hasMessage("version '1a:1.0' has bad syntax: epoch in version is not number");
        assertThatThrownBy(() -> DebianVersion.parse("-1:1.0"))
            .hasMessage("version '-1:1.0' has bad syntax: epoch in version is negative");
        assertThatThrownBy(() -> DebianVersion.parse("4294967296:1.0"))
            .hasMessage("version '4294967296:1.0' has bad syntax: epoch in version is too big");
        assertThatThrownBy(() -> DebianVersion.parse("1.0 1"))
            .hasMessage("version '1.0 1' has bad syntax: version string has embedded spaces");
        assertThatThrownBy(() -> DebianVersion.parse("1:-1"))
            .hasMessage("version '1:-1' has bad syntax: version number is empty");
        assertThatThrownBy(() -> DebianVersion.parse("1.0-"))
            .hasMessage("version '1.0-' has bad syntax: revision number is empty");
    }

    @Test
    void refusesTheEmptyStringThatDpkgReadsAsNoVersionAtAll() throws Exception {
        requireDpkg();
        // dpkg --compare-versions takes "" as "no version", lower than any version; there
        // is nothing to parse, so this type refuses it.
        assertThat(dpkgExitStatus("", "lt", "0~")).isZero();

        assertThatThrownBy(() -> DebianVersion.parse("")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("version '' has bad syntax: version string is empty");
        assertThatThrownBy(() -> DebianVersion.parse(null)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("version string is null");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.é", "1.0\n", "\n1:1.0", "1.0\u0000", "1.0\r" })
    void refusesNonAsciiAndControlCharactersThatDpkgOnlyWarnsAbout(String version) {
        // dpkg compares these with a warning, but orders non-ASCII by C char value
        // (signed on amd64, unsigned on arm64) and lets strtol skip a leading newline in
        // the epoch: nothing to mirror.
        assertThatThrownBy(() -> DebianVersion.parse(version)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not printable ASCII")
            .hasMessageNotContaining(version);
    }

    // ---- differential test against dpkg
    // -----------------------------------------------------------------

    private static final int GENERATED_PAIRS = 400;

    private static final int WHATEVER_DPKG_SAYS = 2;

    @Test
    void ordersGeneratedAndHandWrittenPairsExactlyAsDpkgDoes(@TempDir Path dir) throws Exception {
        requireDpkg();
        Set<Case> unique = new LinkedHashSet<>(handWritten());
        Random random = new Random(20250611L);
        while (unique.size() < handWritten().size() + GENERATED_PAIRS) {
            String a = version(random);
            String b = random.nextInt(10) < 6 ? mutate(random, a) : version(random);
            unique.add(new Case(a, WHATEVER_DPKG_SAYS, b));
        }
        List<Case> pairs = new ArrayList<>(unique);
        // every version must also equal its own canonical spelling, in dpkg's eyes too
        Set<String> versions = new LinkedHashSet<>();
        pairs.forEach(p -> {
            versions.add(p.a());
            versions.add(p.b());
        });
        List<Case> canonical = new ArrayList<>();
        for (String v : versions) {
            String printed = DebianVersion.parse(v).toString();
            if (!printed.equals(v)) {
                canonical.add(new Case(v, 0, printed));
            }
        }
        pairs.addAll(canonical);

        List<Integer> dpkg = dpkgCompareAll(dir, pairs);

        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < pairs.size(); i++) {
            Case pair = pairs.get(i);
            DebianVersion a = DebianVersion.parse(pair.a());
            DebianVersion b = DebianVersion.parse(pair.b());
            int expected = dpkg.get(i);
            softly.assertThat(a.compareTo(b)).as("'%s' vs '%s'", pair.a(), pair.b()).isEqualTo(expected);
            softly.assertThat(b.compareTo(a)).as("'%s' vs '%s'", pair.b(), pair.a()).isEqualTo(-expected);
            softly.assertThat(a.equals(b)).as("'%s' equals '%s'", pair.a(), pair.b()).isEqualTo(expected == 0);
            if (expected == 0) {
                softly.assertThat(a.hashCode()).as("hash of '%s' and '%s'", pair.a(), pair.b()).isEqualTo(b.hashCode());
            }
            if (pair.expected() != WHATEVER_DPKG_SAYS) {
                softly.assertThat(expected).as("dpkg on the pair %s", pair).isEqualTo(pair.expected());
            }
        }
        softly.assertAll();

        assertThat(pairs).hasSizeGreaterThanOrEqualTo(300 + handWritten().size());
        assertThat(dpkg).as("the generated pairs exercise all three outcomes").contains(-1, 0, 1);
    }

    /**
     * Runs dpkg three times per pair (lt, eq, gt) from one shell, so the JVM starts one
     * process in all. Each line of the answer is the three exit statuses; exactly one of
     * them must be 0.
     */
    private static List<Integer> dpkgCompareAll(Path dir, List<Case> pairs) throws Exception {
        Path input = dir.resolve("pairs.txt");
        StringBuilder lines = new StringBuilder();
        for (Case pair : pairs) {
            lines.append(pair.a()).append('\n').append(pair.b()).append('\n');
        }
        Files.writeString(input, lines, StandardCharsets.UTF_8);
        String script = """
                while IFS= read -r a && IFS= read -r b; do
                  for op in lt eq gt; do
                    dpkg --compare-versions -- "$a" "$op" "$b" 2>/dev/null
                    printf '%s ' "$?"
                  done
                  echo
                done < "$1"
                """;
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script, "sh", input.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("LC_ALL", "C");
        Process shell = builder.start();
        List<String> answers = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
            .toList();
        assertThat(shell.waitFor(5, TimeUnit.MINUTES)).as("dpkg batch finished").isTrue();
        assertThat(answers).hasSameSizeAs(pairs);

        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            switch (answers.get(i).strip()) {
                case "0 1 1" -> results.add(-1);
                case "1 0 1" -> results.add(0);
                case "1 1 0" -> results.add(1);
                default -> fail("dpkg gave exit statuses [%s] for lt/eq/gt on '%s' and '%s' (2 means it refused"
                        + " a version)", answers.get(i), pairs.get(i).a(), pairs.get(i).b());
            }
        }
        return results;
    }

    // A grammar of version fragments. Numbers come with leading zeros and beyond the
    // range of a long; hyphens inside the upstream version and colons after an epoch are
    // what dpkg allows there.
    private static final String[] NUMBERS = { "0", "00", "1", "01", "001", "2", "9", "10", "010", "11", "99", "100",
            "2025", "20250101", "99999999999999999999", "100000000000000000000", "18446744073709551616" };

    private static final String[] WORDS = { "a", "b", "z", "A", "Z", "rc", "beta", "alpha", "deb", "ubuntu", "dfsg",
            "bpo", "git", "build", "u", "b" };

    private static final String[] UPSTREAM_SEPARATORS = { ".", ".", ".", "+", "~", "~~", "-", "" };

    private static final String[] REVISION_SEPARATORS = { ".", ".", "+", "~", "" };

    private static final String[] EPOCHS = { "0", "1", "1", "2", "10", "01", "00" };

    private static final String[] SUFFIXES = { "~", "~~", "~rc1", "+", "+b1", ".0", "0", "a", ".", "~0", "-0", "-1",
            "+deb12u1", "~deb12u1", "-" };

    private static String version(Random random) {
        StringBuilder v = new StringBuilder();
        boolean epoch = random.nextInt(4) == 0;
        if (epoch) {
            v.append(pick(random, EPOCHS)).append(':');
        }
        v.append(pick(random, NUMBERS));
        int fragments = random.nextInt(5);
        for (int i = 0; i < fragments; i++) {
            v.append(epoch && random.nextInt(12) == 0 ? ":" : pick(random, UPSTREAM_SEPARATORS)).append(atom(random));
        }
        if (random.nextInt(8) == 0) {
            v.append(pick(random, "~", "+", "."));
        }
        if (random.nextInt(3) != 0) {
            v.append('-').append(atom(random));
            int revisionFragments = random.nextInt(4);
            for (int i = 0; i < revisionFragments; i++) {
                v.append(pick(random, REVISION_SEPARATORS)).append(atom(random));
            }
        }
        return v.toString();
    }

    private static String atom(Random random) {
        return random.nextInt(3) == 0 ? pick(random, WORDS) : pick(random, NUMBERS);
    }

    /**
     * Small edits that keep the version valid and likely close to (or equal to) the
     * original.
     */
    private static String mutate(Random random, String version) {
        String v = version;
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    String suffix = pick(random, SUFFIXES);
                    // a trailing hyphen would leave an empty revision; give it one
                    v = v + suffix + (suffix.equals("-") ? pick(random, NUMBERS) : "");
                }
                case 1 -> v = editNumber(random, v);
                case 2 -> v = replaceOne(random, v, "[.+~]", pick(random, ".", "+", "~"));
                case 3 -> v = replaceOne(random, v, "[A-Za-z]", pick(random, "a", "b", "A", "z", "+", "0"));
                case 4 -> v = v.indexOf(':') < 0 ? pick(random, "0:", "1:", "00:") + v
                        : v.startsWith("0:") ? "00" + v.substring(1) : v;
                default -> {
                    String cut = v.substring(0, 1 + random.nextInt(v.length()));
                    while (cut.endsWith("-") || cut.endsWith(":")) {
                        cut = cut.substring(0, cut.length() - 1);
                    }
                    v = cut.isEmpty() ? v : cut;
                }
            }
        }
        return v;
    }

    private static String editNumber(Random random, String v) {
        List<int[]> runs = new ArrayList<>();
        Matcher m = Pattern.compile("[0-9]+").matcher(v);
        while (m.find()) {
            runs.add(new int[] { m.start(), m.end() });
        }
        int[] run = runs.get(random.nextInt(runs.size()));
        BigInteger value = new BigInteger(v.substring(run[0], run[1]));
        String replacement = switch (random.nextInt(4)) {
            case 0 -> "0" + v.substring(run[0], run[1]);
            case 1 -> value.toString();
            case 2 -> value.add(BigInteger.ONE).toString();
            default -> value.signum() > 0 ? value.subtract(BigInteger.ONE).toString() : "00";
        };
        return v.substring(0, run[0]) + replacement + v.substring(run[1]);
    }

    private static String replaceOne(Random random, String v, String regex, String replacement) {
        List<Integer> positions = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(v);
        while (m.find()) {
            positions.add(m.start());
        }
        if (positions.isEmpty()) {
            return v;
        }
        int at = positions.get(random.nextInt(positions.size()));
        return v.substring(0, at) + replacement + v.substring(at + 1);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    // ---- dpkg
    // -------------------------------------------------------------------------------------------

    private static void requireDpkg() {
        try {
            Process dpkg = new ProcessBuilder("dpkg", "--version").redirectErrorStream(true).start();
            dpkg.getInputStream().readAllBytes();
            if (!dpkg.waitFor(30, TimeUnit.SECONDS) || dpkg.exitValue() != 0) {
                fail("dpkg --version failed; these tests compare against the real dpkg: apt-get install dpkg");
            }
        }
        catch (IOException e) {
            fail("dpkg is not installed; these tests compare against the real dpkg: apt-get install dpkg", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while looking for dpkg", e);
        }
    }

    private static int dpkgExitStatus(String a, String op, String b) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("dpkg", "--compare-versions", "--", a, op, b)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LC_ALL", "C");
        Process dpkg = builder.start();
        assertThat(dpkg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return dpkg.exitValue();
    }

}
