package io.patchflow.hostagent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's facts for the server: OS, whether a reboot is pending, installed packages
 * with their pending updates.
 */
final class Inventory {

    record Report(String os, boolean rebootRequired, List<Map<String, String>> packages) {
    }

    private Inventory() {
    }

    static Report collect(AgentConfig config, PackageManager packages) throws PackageManager.PackageException {
        Map<String, String> candidates = new LinkedHashMap<>();
        for (PackageManager.Pending p : packages.pending()) {
            candidates.put(p.name(), p.candidate());
        }
        List<Map<String, String>> list = new ArrayList<>();
        for (Map.Entry<String, String> installed : packages.installed().entrySet()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", installed.getKey());
            entry.put("installed", installed.getValue());
            if (candidates.containsKey(installed.getKey())) {
                entry.put("candidate", candidates.get(installed.getKey()));
            }
            list.add(entry);
        }
        return new Report(osName(config.root()), Files.exists(config.rebootRequiredFile()), list);
    }

    /** PRETTY_NAME from os-release, e.g. "Debian GNU/Linux 12 (bookworm)". */
    static String osName(Path root) {
        for (String candidate : List.of("etc/os-release", "usr/lib/os-release")) {
            Path file = root.resolve(candidate);
            try {
                if (Files.isReadable(file)) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.startsWith("PRETTY_NAME=")) {
                            String value = line.substring("PRETTY_NAME=".length()).strip();
                            return value.replaceAll("^\"|\"$", "");
                        }
                    }
                }
            }
            catch (IOException ignored) {
                // try the next one
            }
        }
        return "unknown";
    }

}
