package io.patchflow.patch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

public record Patch(long id, String vendor, String vendorId, String title, String packageName, String version,
        PatchType type, boolean rebootRequired, LocalDate releasedOn, List<Cve> cves) {

    public Patch {
        cves = List.copyOf(cves);
    }

    public BigDecimal maxCvss() {
        return cves.stream().map(Cve::cvss).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    public boolean knownExploited() {
        return cves.stream().anyMatch(Cve::knownExploited);
    }
}
