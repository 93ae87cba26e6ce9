package io.patchflow.inventory;

import java.util.List;

/**
 * What an agent reports about its machine: the OS, whether it waits for a reboot, and its
 * packages.
 */
public record ReportedFacts(String os, boolean rebootRequired, List<ReportedPackage> packages) {

    public ReportedFacts {
        packages = List.copyOf(packages);
    }

    /**
     * {@code candidate} is the version an update would install; null when the package is
     * up to date.
     */
    public record ReportedPackage(String name, String installed, String candidate) {
    }

    /** The vendor whose archive the packages come from, from the reported OS name. */
    public String vendor() {
        return os != null && os.toLowerCase(java.util.Locale.ROOT).contains("ubuntu") ? "Ubuntu" : "Debian";
    }
}
