package io.patchflow.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeRequest;
import io.patchflow.inventory.InventoryRepository;
import io.patchflow.inventory.MaintenanceWindow;
import io.patchflow.inventory.WindowCalendar;

/** Decides when a change may start: the first moment all of its assets' maintenance windows are open. */
@Service
public class ScheduleService {

    private final JdbcClient jdbc;
    private final InventoryRepository inventory;
    private final ChangeLifecycle lifecycle;

    public ScheduleService(JdbcClient jdbc, InventoryRepository inventory, ChangeLifecycle lifecycle) {
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.lifecycle = lifecycle;
    }

    /** Computes and records the change's start; the process waits on a timer until then. */
    @Transactional
    public OffsetDateTime schedule(ChangeId id) {
        ChangeRequest change = lifecycle.get(id);
        Instant now = Instant.now();
        Instant from = change.requestedStart() != null && change.requestedStart().toInstant().isAfter(now)
                ? change.requestedStart().toInstant() : now;
        List<Long> assets = jdbc.sql("SELECT asset_id FROM change_asset WHERE change_id = ?").param(id.value())
                .query(Long.class).list();
        List<MaintenanceWindow> windows = inventory.windowsOfAssets(assets);
        Instant start = WindowCalendar.firstCommonOpening(windows, from).orElseThrow(() -> new IllegalStateException(
                "no moment in the next " + WindowCalendar.HORIZON.toDays() + " days at which all " + windows.size()
                        + " maintenance windows of " + id + " are open; split the change by window"));
        OffsetDateTime at = start.atOffset(ZoneOffset.UTC);
        lifecycle.schedule(id, at, windows.isEmpty() ? "no maintenance windows apply; starts " + at
                : "starts " + at + " when " + windows.stream().map(MaintenanceWindow::name).sorted()
                        .collect(Collectors.joining(", ")) + " are open");
        return at;
    }
}
