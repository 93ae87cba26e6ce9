package io.patchflow.patch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A vendor advisory as imported (docs/advisories.md): the package versions that fix the
 * CVEs, their type and reboot need, and which earlier patches they supersede or need
 * installed first, named by catalog id ({@code debian:apache2:2.4.61-1~deb12u1}).
 */
public record Advisory(String id, String vendor, String title, LocalDate published, PatchType type,
        boolean rebootRequired, List<Package> packages, List<AdvisoryCve> cves, List<String> supersedes,
        List<String> requires) {

    public Advisory {
        packages = List.copyOf(packages);
        cves = List.copyOf(cves);
        supersedes = List.copyOf(supersedes);
        requires = List.copyOf(requires);
    }

    public record Package(String name, String version) {
    }

    public record AdvisoryCve(String id, BigDecimal cvss) {
    }

    public List<String> vendorIds() {
        return packages.stream().map(p -> PatchRepository.vendorId(vendor, p.name(), p.version())).toList();
    }
}
