package io.patchflow.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One SIMULATED host's package list: what its agent reports as installed and pending.
 * Nothing is installed anywhere; a successful install job only moves the listed packages
 * to the versions the job named, and a rollback moves them back, so that the next
 * inventory report says what a real agent's would (an installed update is no longer
 * pending). Jobs arrive on several threads, hence the locks.
 */
final class SimulatedPackages {

    /** Installed version and candidate (null when up to date), by package name. */
    record Line(String installed, String candidate) {
    }

    private final Map<String, Line> lines = new TreeMap<>();

    /**
     * What each change replaced, for its rollback: package name to the line before, null
     * if the change added the package.
     */
    private final Map<String, Map<String, Line>> replaced = new HashMap<>();

    /** Lines as in the settings: {@code "name installed [candidate]"}. */
    SimulatedPackages(List<String> configured) {
        for (String line : configured) {
            String[] words = line.strip().split("\\s+");
            lines.put(words[0], new Line(words[1], words.length > 2 ? words[2] : null));
        }
    }

    /**
     * An install job of {@code change} succeeded: each of its patches ({@code package},
     * {@code version}) is installed; an update to that version is no longer pending.
     */
    synchronized void install(String change, JsonNode patches) {
        Map<String, Line> before = replaced.computeIfAbsent(change, c -> new LinkedHashMap<>());
        for (JsonNode patch : patches) {
            String name = patch.path("package").asText();
            String version = patch.path("version").asText();
            Line now = lines.get(name);
            // A job delivered again keeps the first record, as the reference agent does
            // (containsKey: a package the change added is recorded as null).
            if (!before.containsKey(name)) {
                before.put(name, now);
            }
            String candidate = now == null || version.equals(now.candidate()) ? null : now.candidate();
            lines.put(name, new Line(version, candidate));
        }
    }

    /** A rollback job of {@code change} succeeded: what it replaced is back. */
    synchronized void rollBack(String change) {
        Map<String, Line> before = replaced.getOrDefault(change, Map.of());
        before.forEach((name, line) -> {
            if (line == null) {
                lines.remove(name);
            }
            else {
                lines.put(name, line);
            }
        });
    }

    /** The packages as the agent API takes them. */
    synchronized List<Map<String, Object>> report() {
        List<Map<String, Object>> report = new ArrayList<>();
        lines.forEach((name, line) -> {
            Map<String, Object> pkg = new LinkedHashMap<>();
            pkg.put("name", name);
            pkg.put("installed", line.installed());
            if (line.candidate() != null) {
                pkg.put("candidate", line.candidate());
            }
            report.add(pkg);
        });
        return report;
    }

}
