package io.patchflow.servicedesk;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import io.patchflow.change.ChangeId;
import io.patchflow.deployment.AssetState;
import io.patchflow.security.Actor;
import io.patchflow.ticketing.TicketContext;
import io.patchflow.ticketing.TicketService;

/**
 * "Did a patch break this?": the changes that installed something on the ticket's
 * customer's assets in a period around the ticket, per change and asset, newest first,
 * with the assets the ticket names marked.
 */
@Service
class ChangesAround {

    /**
     * Rows (change × asset × patch) a page shows at most; a period with more says so and
     * asks for a shorter one or the named assets only.
     */
    static final int MAX_ROWS = 5_000;

    private final TicketService tickets;

    private final ChangesAroundRepository installs;

    ChangesAround(TicketService tickets, ChangesAroundRepository installs) {
        this.tickets = tickets;
        this.installs = installs;
    }

    /** What was installed where. */
    record Package(String name, String version) {
    }

    /** One asset of one change. */
    record AssetInstall(long assetId, String hostname, boolean named, OffsetDateTime installedAt,
            OffsetDateTime endedAt, AssetState state, InstallResult result, String detail, List<Package> packages) {

        public String resultLabel() {
            return result.label();
        }

        public String resultName() {
            return result.name();
        }

    }

    /** One change, with its assets in the period. */
    record ChangeInstalls(ChangeId id, String title, String status, String outcome, OffsetDateTime lastInstall,
            List<AssetInstall> assets) {
    }

    /**
     * @param ticket the ticket and the hosts it names
     * @param onlyNamed only the assets the ticket names are listed
     * @param truncated more rows matched than {@link #MAX_ROWS}
     */
    record Report(TicketContext ticket, AroundPeriod period, boolean onlyNamed, List<ChangeInstalls> changes,
            boolean truncated) {

        public int assetCount() {
            return changes.stream().mapToInt(c -> c.assets().size()).sum();
        }

    }

    /** The ticket, if it is one of the actor's customers', and the hosts it names. */
    TicketContext ticket(Actor actor, long ticketId) {
        return tickets.context(actor, ticketId);
    }

    /** The period asked for, or the default one around the ticket; checked. */
    static AroundPeriod period(TicketContext ticket, String from, String to) {
        return AroundPeriod.of(from, to, ticket.ticket().createdAt(), LocalDate.now(ZoneOffset.UTC));
    }

    Report report(TicketContext ticket, AroundPeriod period, boolean onlyNamed) {
        Set<String> named = Set.copyOf(ticket.namedAnywhere());
        List<ChangesAroundRepository.Row> rows = installs.installs(ticket.ticket().customerId(), period.start(),
                period.end(), MAX_ROWS + 1);
        boolean truncated = rows.size() > MAX_ROWS;
        Map<Long, List<ChangesAroundRepository.Row>> byChange = new LinkedHashMap<>();
        for (ChangesAroundRepository.Row row : truncated ? rows.subList(0, MAX_ROWS) : rows) {
            if (!onlyNamed || named.contains(row.hostname())) {
                byChange.computeIfAbsent(row.changeId(), k -> new ArrayList<>()).add(row);
            }
        }
        List<ChangeInstalls> changes = new ArrayList<>();
        byChange.forEach((changeId, changeRows) -> {
            Map<Long, List<ChangesAroundRepository.Row>> byAsset = new LinkedHashMap<>();
            changeRows.forEach(r -> byAsset.computeIfAbsent(r.assetId(), k -> new ArrayList<>()).add(r));
            List<AssetInstall> assets = byAsset.values().stream().map(assetRows -> {
                ChangesAroundRepository.Row r = assetRows.get(0);
                AssetState state = AssetState.valueOf(r.state());
                return new AssetInstall(r.assetId(), r.hostname(), named.contains(r.hostname()), r.installedAt(),
                        r.updatedAt(), state, InstallResult.of(state), r.detail(),
                        assetRows.stream().map(p -> new Package(p.packageName(), p.version())).toList());
            }).toList();
            ChangesAroundRepository.Row first = changeRows.get(0);
            changes.add(new ChangeInstalls(new ChangeId(changeId), first.changeTitle(), first.status(), first.outcome(),
                    first.installedAt(), assets));
        });
        return new Report(ticket, period, onlyNamed, changes, truncated);
    }

}
