package io.patchflow.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchflow.shared.InvalidInputException;

class PatchSetPolicyTest {

    private static Patch patch(long id, String pkg, String version) {
        return new Patch(id, "Debian", PatchCatalog.vendorId("Debian", pkg, version), pkg + " " + version, pkg, version,
                PatchType.SECURITY, false, LocalDate.of(2025, 1, 1), List.of());
    }

    private static PatchRelation requires(long patch, long required) {
        return new PatchRelation(patch, required, PatchRelation.Kind.REQUIRES);
    }

    @Test
    void withoutRelationsTheOrderIsKept() {
        List<Patch> given = List.of(patch(3, "curl", "7.88.1-10+deb12u8"), patch(1, "git", "1:2.39.5-0+deb12u2"));

        assertThat(PatchSetPolicy.installOrder(given, List.of())).isEqualTo(given);
    }

    @Test
    void aPatchIsInstalledAfterWhatItRequires() {
        Patch apache = patch(1, "apache2", "2.4.62-1~deb12u1");
        Patch apr = patch(2, "libapr1", "1.7.2-3+deb12u1");
        Patch util = patch(3, "libaprutil1", "1.6.3-1");

        List<Patch> order = PatchSetPolicy.installOrder(List.of(apache, apr, util),
                List.of(requires(1, 3), requires(3, 2)));

        assertThat(order).containsExactly(apr, util, apache);
    }

    @Test
    void requirementsOutsideTheChangeDoNotReorderIt() {
        Patch apache = patch(1, "apache2", "2.4.62-1~deb12u1");
        Patch curl = patch(2, "curl", "7.88.1-10+deb12u8");

        assertThat(PatchSetPolicy.installOrder(List.of(apache, curl), List.of(requires(1, 99)))).containsExactly(apache,
                curl);
    }

    @Test
    void aCycleIsRefusedNamingItsPatches() {
        Patch a = patch(1, "a", "1.0-1");
        Patch b = patch(2, "b", "1.0-1");
        Patch c = patch(3, "c", "1.0-1");

        assertThatThrownBy(() -> PatchSetPolicy.installOrder(List.of(a, b, c), List.of(requires(1, 2), requires(2, 1))))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("patchIds"))
            .hasMessage(
                    "these patches require each other, so none can be installed first: patch 1 (a 1.0-1), patch 2 (b 1.0-1)");
    }

    @Test
    void aSupersededPatchNextToItsSuccessorIsRefused() {
        Patch kernel = patch(5, "linux-image-amd64", "6.1.129-1");
        Patch microcode = patch(6, "intel-microcode", "3.20250211.1~deb12u1");

        assertThatThrownBy(() -> PatchSetPolicy.installOrder(List.of(kernel, microcode),
                List.of(new PatchRelation(5, 6, PatchRelation.Kind.SUPERSEDES))))
            .hasMessage(
                    "patch 6 (intel-microcode 3.20250211.1~deb12u1) is superseded by patch 5 (linux-image-amd64 6.1.129-1) "
                            + "in the same change: remove patch 6");
    }

    @Test
    void twoVersionsOfOnePackageKeepTheNewerByDpkgOrdering() {
        // the epoch makes 1:2.39 newer than 2.45, which a string or semver comparison
        // gets wrong
        Patch withEpoch = patch(7, "git", "1:2.39.5-0+deb12u2");
        Patch withoutEpoch = patch(8, "git", "2.45.2-1");

        assertThatThrownBy(() -> PatchSetPolicy.installOrder(List.of(withoutEpoch, withEpoch), List.of())).hasMessage(
                "patch 8 (git 2.45.2-1) and patch 7 (git 1:2.39.5-0+deb12u2) are versions of the same package git: "
                        + "keep only the newer, patch 7");
        Patch tilde = patch(9, "openssl", "3.0.15-1~deb12u1");
        Patch release = patch(10, "openssl", "3.0.15-1");
        assertThat(PatchSetPolicy.newer(tilde, release)).isEqualTo(release);
    }

    @Test
    void anInstalledVersionSatisfiesARequirementWhenItIsTheSameOrLater() {
        assertThat(PatchSetPolicy.satisfies("1.7.2-3+deb12u1", "1.7.2-3")).isTrue();
        assertThat(PatchSetPolicy.satisfies("1.7.2-3", "1.7.2-3")).isTrue();
        assertThat(PatchSetPolicy.satisfies("1.7.2-3~bpo1", "1.7.2-3")).isFalse();
        assertThat(PatchSetPolicy.satisfies(null, "1.7.2-3")).isFalse();
        // not a Debian version (a BIOS): only the same version counts
        assertThat(PatchSetPolicy.satisfies("1.16.2 build 7", "1.16.2 build 7")).isTrue();
    }

}
