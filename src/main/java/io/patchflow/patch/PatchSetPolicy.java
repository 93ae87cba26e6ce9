package io.patchflow.patch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

import io.patchflow.shared.InvalidInputException;

/**
 * Which patches may go into one change together, and in which order they are installed.
 * Pure rules:
 * <ul>
 * <li>two versions of the same package are one too many: the newer (by dpkg ordering)
 * supersedes the older;</li>
 * <li>a patch superseded by another patch of the same change is one too many;</li>
 * <li>a patch that requires another patch of the same change is installed after it; a
 * cycle of requirements cannot be installed at all.</li>
 * </ul>
 * Prerequisites outside the change are checked against the assets' installed packages by
 * the caller.
 */
public final class PatchSetPolicy {

    private PatchSetPolicy() {
    }

    /**
     * The patches in install order: each after the ones it requires, otherwise in the
     * given order.
     * @throws InvalidInputException (field {@code patchIds}) naming the patches that
     * cannot go together
     */
    public static List<Patch> installOrder(List<Patch> patches, Collection<PatchRelation> relations) {
        Map<Long, Patch> byId = new LinkedHashMap<>();
        patches.forEach(p -> byId.put(p.id(), p));
        samePackageTwice(patches).ifPresent(message -> {
            throw new InvalidInputException("patchIds", message);
        });
        for (PatchRelation r : relations) {
            if (r.kind() == PatchRelation.Kind.SUPERSEDES && byId.containsKey(r.patchId())
                    && byId.containsKey(r.relatedId())) {
                throw new InvalidInputException("patchIds", describe(byId.get(r.relatedId())) + " is superseded by "
                        + describe(byId.get(r.patchId())) + " in the same change: remove patch " + r.relatedId());
            }
        }
        // Kahn's algorithm; among the patches that are ready, the one given first goes
        // first.
        Map<Long, Integer> position = new HashMap<>();
        patches.forEach(p -> position.putIfAbsent(p.id(), position.size()));
        Map<Long, Set<Long>> before = new HashMap<>();
        Map<Long, List<Long>> after = new HashMap<>();
        for (PatchRelation r : relations) {
            if (r.kind() == PatchRelation.Kind.REQUIRES && byId.containsKey(r.patchId())
                    && byId.containsKey(r.relatedId())) {
                before.computeIfAbsent(r.patchId(), k -> new HashSet<>()).add(r.relatedId());
                after.computeIfAbsent(r.relatedId(), k -> new ArrayList<>()).add(r.patchId());
            }
        }
        PriorityQueue<Long> ready = new PriorityQueue<>(Comparator.comparing(position::get));
        byId.keySet().stream().filter(id -> before.getOrDefault(id, Set.of()).isEmpty()).forEach(ready::add);
        List<Patch> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            long id = ready.poll();
            ordered.add(byId.get(id));
            for (long next : after.getOrDefault(id, List.of())) {
                Set<Long> waiting = before.get(next);
                waiting.remove(id);
                if (waiting.isEmpty()) {
                    ready.add(next);
                }
            }
        }
        if (ordered.size() < byId.size()) {
            List<String> stuck = byId.values()
                .stream()
                .filter(p -> !ordered.contains(p))
                .map(PatchSetPolicy::describe)
                .toList();
            throw new InvalidInputException("patchIds",
                    "these patches require each other, so none can be installed first: " + String.join(", ", stuck));
        }
        return ordered;
    }

    /** Two versions of one package in one change: names both and says which to keep. */
    static Optional<String> samePackageTwice(List<Patch> patches) {
        Map<String, Patch> seen = new HashMap<>();
        for (Patch patch : patches) {
            String key = patch.vendor().toLowerCase(Locale.ROOT) + "/" + patch.packageName();
            Patch other = seen.putIfAbsent(key, patch);
            if (other != null) {
                Patch newer = newer(other, patch);
                Patch older = newer == other ? patch : other;
                return Optional.of(describe(older) + " and " + describe(newer) + " are versions of the same package "
                        + patch.packageName() + ": keep only the newer, patch " + newer.id());
            }
        }
        return Optional.empty();
    }

    /**
     * The newer of two versions of one package: dpkg ordering where both parse, else the
     * later release.
     */
    static Patch newer(Patch a, Patch b) {
        try {
            return DebianVersion.compare(a.version(), b.version()) >= 0 ? a : b;
        }
        catch (IllegalArgumentException notDebian) {
            if (a.releasedOn() != null && b.releasedOn() != null) {
                return a.releasedOn().isBefore(b.releasedOn()) ? b : a;
            }
            return a.id() > b.id() ? a : b;
        }
    }

    /**
     * Whether an installed version already satisfies a prerequisite: the same version or
     * a later one by dpkg ordering.
     */
    public static boolean satisfies(String installed, String required) {
        if (installed == null) {
            return false;
        }
        try {
            return DebianVersion.compare(installed, required) >= 0;
        }
        catch (IllegalArgumentException notDebian) {
            return installed.equals(required);
        }
    }

    public static String describe(Patch patch) {
        return "patch " + patch.id() + " (" + patch.packageName() + " " + patch.version() + ")";
    }

}
