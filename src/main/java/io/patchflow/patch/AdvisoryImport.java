package io.patchflow.patch;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.audit.AuditTrail;
import io.patchflow.shared.InvalidInputException;

/**
 * Imports vendor advisories into the patch catalog, all or nothing. A package version an
 * agent has already reported pending (a MAINTENANCE patch without CVEs until now) takes
 * the advisory's type, title, reboot need and CVEs; others are added. Importing the same
 * file again changes nothing.
 */
@Service
public class AdvisoryImport {

    private final AdvisoryRepository advisoryRows;

    private final PatchRepository patches;

    private final AuditTrail audit;

    private final AdvisoryReader reader;

    AdvisoryImport(AdvisoryRepository advisoryRows, PatchRepository patches, AuditTrail audit, ObjectMapper json) {
        this.advisoryRows = advisoryRows;
        this.patches = patches;
        this.audit = audit;
        this.reader = new AdvisoryReader(json);
    }

    public record Result(int advisories, int patchesCreated, int patchesUpdated, int relationsAdded,
            int unknownSuperseded, String message) {
    }

    /**
     * @throws InvalidInputException (field {@code file}) naming the first problem;
     * nothing was imported
     */
    @Transactional
    public Result importFile(InputStream in, String importedBy) throws IOException {
        List<Advisory> advisories = reader.read(in);

        // Every package version the file names, with what the advisories that name it
        // say.
        record Named(Advisory advisory, Advisory.Package pkg) {
        }
        Map<String, List<Named>> byVendorId = new LinkedHashMap<>();
        for (Advisory a : advisories) {
            for (Advisory.Package p : a.packages()) {
                byVendorId
                    .computeIfAbsent(PatchRepository.vendorId(a.vendor(), p.name(), p.version()),
                            k -> new ArrayList<>())
                    .add(new Named(a, p));
            }
        }
        Set<String> referenced = new LinkedHashSet<>(byVendorId.keySet());
        advisories.forEach(a -> {
            referenced.addAll(a.supersedes());
            referenced.addAll(a.requires());
        });
        Map<String, Long> known = patches.idsByVendorId(referenced);
        for (int i = 0; i < advisories.size(); i++) {
            for (int j = 0; j < advisories.get(i).requires().size(); j++) {
                String required = advisories.get(i).requires().get(j);
                if (!known.containsKey(required) && !byVendorId.containsKey(required)) {
                    throw new InvalidInputException("file", "advisories[" + i + "].requires[" + j + "]: " + required
                            + " is neither in this file nor in the catalog");
                }
                if (advisories.get(i).vendorIds().contains(required)) {
                    throw new InvalidInputException("file",
                            "advisories[" + i + "].requires[" + j + "]: a patch cannot require itself");
                }
            }
        }

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Advisory a : advisories) {
            advisoryRows.save(a.id(), a.vendor(), a.title(), date(a), now, importedBy);
        }

        int created = 0;
        int changed = 0;
        Map<String, Long> ids = new HashMap<>(known);
        for (Map.Entry<String, List<Named>> entry : byVendorId.entrySet()) {
            // The last advisory in the file that names a version gives it its title and
            // type; CVEs add up.
            Named last = entry.getValue().get(entry.getValue().size() - 1);
            Advisory a = last.advisory();
            boolean reboot = entry.getValue().stream().anyMatch(n -> n.advisory().rebootRequired());
            String title = a.id() + ": " + a.title();
            Long id = ids.get(entry.getKey());
            boolean isNew = id == null;
            if (isNew) {
                id = patches.create(new Patch(0, a.vendor(), entry.getKey(), title, last.pkg().name(),
                        last.pkg().version(), a.type(), reboot, a.published(), List.of()));
                ids.put(entry.getKey(), id);
                created++;
            }
            boolean metaChanged = updateMetadata(id, title, a, reboot);
            Map<String, BigDecimal> cves = new LinkedHashMap<>();
            entry.getValue()
                .forEach(n -> n.advisory()
                    .cves()
                    .forEach(c -> cves.merge(c.id(), c.cvss() == null ? NO_SCORE : c.cvss(), BigDecimal::max)));
            boolean cvesChanged = replaceCves(id, cves);
            if (!isNew && (metaChanged || cvesChanged)) {
                changed++;
            }
        }

        int added = 0;
        int unknownSuperseded = 0;
        for (Advisory a : advisories) {
            for (String subject : a.vendorIds()) {
                long from = ids.get(subject);
                for (String old : a.supersedes()) {
                    Long to = ids.get(old);
                    if (to == null) {
                        unknownSuperseded++;
                    }
                    else if (to != from) {
                        added += relate(from, to, PatchRelation.Kind.SUPERSEDES);
                    }
                }
                for (String required : a.requires()) {
                    added += relate(from, ids.get(required), PatchRelation.Kind.REQUIRES);
                }
            }
        }
        refuseRequirementCycles();

        String message = advisories.size() + " advisories: " + created + " patch(es) added, " + changed + " updated, "
                + added + " relation(s) added" + (unknownSuperseded == 0 ? ""
                        : ", " + unknownSuperseded + " superseded version(s) not in the catalog skipped");
        audit.record(null, null, importedBy, "ADVISORIES_IMPORTED", message);
        return new Result(advisories.size(), created, changed, added, unknownSuperseded, message);
    }

    /**
     * @return whether anything changed
     */
    private boolean updateMetadata(long id, String title, Advisory a, boolean reboot) {
        AdvisoryRepository.Metadata wanted = new AdvisoryRepository.Metadata(title, a.type().name(), reboot, date(a),
                a.id());
        if (advisoryRows.metadata(id).equals(wanted)) {
            return false;
        }
        advisoryRows.setMetadata(id, wanted);
        return true;
    }

    /** A CVE without a score, in the maps below (scores are never negative). */
    private static final BigDecimal NO_SCORE = BigDecimal.valueOf(-1);

    /**
     * @return whether the patch's CVEs changed
     */
    private boolean replaceCves(long patchId, Map<String, BigDecimal> cves) {
        Map<String, BigDecimal> current = new HashMap<>();
        advisoryRows.cveScores(patchId).forEach((cve, score) -> current.put(cve, normalize(score)));
        Map<String, BigDecimal> wanted = new HashMap<>();
        cves.forEach((cve, score) -> wanted.put(cve, normalize(score)));
        if (current.equals(wanted)) {
            return false;
        }
        Map<String, BigDecimal> scores = new HashMap<>();
        wanted.forEach((cve, score) -> scores.put(cve, score.equals(NO_SCORE) ? null : score));
        advisoryRows.replaceCves(patchId, scores);
        return true;
    }

    private static BigDecimal normalize(BigDecimal score) {
        return score == null || score.signum() < 0 ? NO_SCORE : score.setScale(1, java.math.RoundingMode.HALF_UP);
    }

    private int relate(long from, long to, PatchRelation.Kind kind) {
        return advisoryRows.relate(from, to, kind) ? 1 : 0;
    }

    /**
     * A requirement cycle (A needs B, B needs A) can never be installed: refuse the
     * import that closes it.
     */
    private void refuseRequirementCycles() {
        Map<Long, List<Long>> requires = advisoryRows.requirements();
        Set<Long> done = new HashSet<>();
        for (Long start : requires.keySet()) {
            List<Long> cycle = cycleFrom(start, requires, new LinkedHashSet<>(), done);
            if (cycle != null) {
                List<String> names = patches.find(cycle).stream().map(PatchSetPolicy::describe).toList();
                throw new InvalidInputException("file",
                        "the requirements would form a cycle, so none of these could be installed first: "
                                + String.join(" → ", names));
            }
        }
    }

    private static List<Long> cycleFrom(Long node, Map<Long, List<Long>> edges, LinkedHashSet<Long> path,
            Set<Long> done) {
        if (path.contains(node)) {
            List<Long> all = new ArrayList<>(path);
            return all.subList(all.indexOf(node), all.size());
        }
        if (!done.add(node)) {
            return null;
        }
        path.add(node);
        for (Long next : edges.getOrDefault(node, List.of())) {
            List<Long> cycle = cycleFrom(next, edges, path, done);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(node);
        return null;
    }

    private static Date date(Advisory a) {
        return a.published() == null ? null : Date.valueOf(a.published());
    }

}
