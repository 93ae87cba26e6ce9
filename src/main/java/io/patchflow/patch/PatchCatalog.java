package io.patchflow.patch;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

/**
 * The patch catalog as the other features see it: patches, their CVEs, and how they
 * relate.
 */
@Service
public class PatchCatalog {

    private final PatchRepository patches;

    PatchCatalog(PatchRepository patches) {
        this.patches = patches;
    }

    /**
     * How a package version is named in the catalog, e.g.
     * {@code debian:git:1:2.39.5-0+deb12u2}.
     */
    public static String vendorId(String vendor, String packageName, String version) {
        return PatchRepository.vendorId(vendor, packageName, version);
    }

    /** The patches with these ids that exist, with their CVEs. */
    public List<Patch> find(Collection<Long> ids) {
        return patches.find(ids);
    }

    public List<Patch> page(int offset, int limit) {
        return patches.page(offset, limit);
    }

    public long count() {
        return patches.count();
    }

    public long create(Patch patch) {
        return patches.create(patch);
    }

    /**
     * Adds the pending updates the catalog does not know yet, as maintenance patches;
     * returns how many were new.
     */
    public int ensurePendingUpdates(String vendor, List<PendingUpdate> updates) {
        return patches.ensurePendingUpdates(vendor, updates);
    }

    public Map<String, Long> idsByVendorId(Collection<String> vendorIds) {
        return patches.idsByVendorId(vendorIds);
    }

    /** What these patches supersede and require. */
    public List<PatchRelation> relationsOf(Collection<Long> patchIds) {
        return patches.relationsOf(patchIds);
    }

    /** Which patches supersede or require these. */
    public List<PatchRelation> relationsTo(Collection<Long> patchIds) {
        return patches.relationsTo(patchIds);
    }

}
