package io.patchflow.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

/**
 * Version changes nobody approved: an agent's inventory shows a package whose version
 * moved (installed, upgraded, downgraded, removed) while no change installed or rolled
 * back anything on that asset since its previous report. Each is recorded once and shown
 * to change managers.
 */
@Service
public class UnauthorizedChanges {

    public record UnauthorizedChange(long id, String customerId, long assetId, String hostname, String packageName,
            String fromVersion, String toVersion, OffsetDateTime detectedAt, String status, String acknowledgedBy,
            OffsetDateTime acknowledgedAt, String note) {
    }

    private final UnauthorizedChangeRepository changes;

    private final AuditTrail audit;

    UnauthorizedChanges(UnauthorizedChangeRepository changes, AuditTrail audit) {
        this.changes = changes;
        this.audit = audit;
    }

    /**
     * Compares two consecutive reports of one asset. The first report is the baseline and
     * finds nothing. A difference is explained if a change's install or rollback job on
     * this asset was leased or finished since the previous report (it may also have moved
     * the packages the patch depends on).
     * @return how many new unauthorized changes were recorded
     */
    int detect(long assetId, String customerId, Map<String, String> before, Map<String, String> after,
            OffsetDateTime previousReport, OffsetDateTime now) {
        if (previousReport == null) {
            return 0;
        }
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<String> moved = names.stream().filter(n -> !Objects.equals(before.get(n), after.get(n))).sorted().toList();
        if (moved.isEmpty()) {
            return 0;
        }
        boolean explained = changes.installOrRollbackSince(assetId, previousReport.minusMinutes(5));
        if (explained) {
            return 0;
        }
        int recorded = 0;
        List<String> described = new ArrayList<>();
        for (String name : moved) {
            String from = before.get(name);
            String to = after.get(name);
            if (changes.known(assetId, name, to)) {
                continue;
            }
            changes.insert(customerId, assetId, name, from, to, now);
            described.add(name + " " + (from == null ? "(new)" : from) + " → " + (to == null ? "(removed)" : to));
            recorded++;
        }
        if (recorded > 0) {
            audit.record(customerId, null, "inventory", "UNAUTHORIZED_CHANGE_DETECTED",
                    "asset " + assetId + ": " + String.join(", ", described.subList(0, Math.min(20, described.size())))
                            + (described.size() > 20 ? " and " + (described.size() - 20) + " more" : ""));
        }
        return recorded;
    }

    @Transactional(readOnly = true)
    public Page<UnauthorizedChange> list(Actor actor, String customerId, String status, int page, int size) {
        if (!actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
        if (!"OPEN".equals(status) && !"ACKNOWLEDGED".equals(status)) {
            throw new InvalidInputException("status", "status is OPEN or ACKNOWLEDGED");
        }
        int p = Page.checkedPage(page);
        int s = Page.checkedSize(size);
        List<UnauthorizedChange> items = changes.list(customerId, status, p * s, s);
        long total = changes.count(customerId, status);
        return new Page<>(items, p, s, total);
    }

    /**
     * A change manager has looked at it: someone patched by hand, say. The note says what
     * was found.
     */
    @Transactional
    public UnauthorizedChange acknowledge(Actor actor, long id, String note) {
        UnauthorizedChange found = changes.find(id)
            .filter(u -> actor.canSee(u.customerId()))
            .orElseThrow(() -> new NotFoundException("no unauthorized change " + id));
        if (!actor.hasAny(Role.CHANGE_MANAGER, Role.ADMIN)) {
            throw new ForbiddenException("only change managers and administrators acknowledge unauthorized changes");
        }
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > 1000) {
            throw new InvalidInputException("note", "say what was found, in at most 1000 characters");
        }
        if (!changes.acknowledge(id, actor.username(), OffsetDateTime.now(ZoneOffset.UTC), text)) {
            throw new ConflictException("unauthorized change " + id + " was already acknowledged");
        }
        audit.record(found.customerId(), null, actor.username(), "UNAUTHORIZED_CHANGE_ACKNOWLEDGED",
                found.hostname() + " " + found.packageName() + " → " + found.toVersion() + ": " + text);
        return changes.find(id).orElseThrow();
    }

}
