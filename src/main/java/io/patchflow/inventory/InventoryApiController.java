package io.patchflow.inventory;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@Tag(name = "Inventory", description = "Assets with what their agents report and what needs attention; CSV import")
@RestController
@RequestMapping("/api")
class InventoryApiController {

    private final InventoryViewRepository view;

    private final InventoryImport importer;

    private final InventoryRepository inventory;

    InventoryApiController(InventoryViewRepository view, InventoryImport importer, InventoryRepository inventory) {
        this.view = view;
        this.importer = importer;
        this.inventory = inventory;
    }

    @Operation(
            summary = "A customer's assets with flags (NO_AGENT, NOT_SEEN, END_OF_LIFE, REBOOT_REQUIRED, UPDATE_STILL_PENDING); "
                    + "filter by one flag")
    @GetMapping("/customers/{customerId}/inventory")
    Page<InventoryItem> inventory(Actor actor, @PathVariable String customerId,
            @Parameter(description = "Only assets with this flag") @RequestParam(required = false) InventoryFlag flag,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        visible(actor, customerId);
        return view.items(customerId, flag, Page.checkedPage(page), Page.checkedSize(size));
    }

    @Operation(summary = "Enrolled agents whose hostname is not in the customer's inventory")
    @GetMapping("/customers/{customerId}/unknown-agents")
    List<UnknownAgent> unknownAgents(Actor actor, @PathVariable String customerId) {
        visible(actor, customerId);
        return view.unknownAgents(customerId);
    }

    @Operation(summary = "The packages the asset's agent reported; pending=true for pending updates only")
    @GetMapping("/assets/{assetId}/packages")
    List<InventoryViewRepository.PackageRow> packages(Actor actor, @PathVariable long assetId, @Parameter(
            description = "true for pending updates only") @RequestParam(defaultValue = "false") boolean pending) {
        Asset asset = inventory.asset(assetId)
            .filter(a -> actor.canSee(a.customerId()))
            .orElseThrow(() -> new NotFoundException("no asset " + assetId));
        return view.packages(asset.id(), pending);
    }

    @Operation(summary = "Import assets from CSV (request body, text/csv); all rows or none. Columns: "
            + "customer, hostname, os_family, os_version, os_end_of_life, criticality, exposure, environment, ring, "
            + "downtime_tolerance, owner_group, maintenance_window, backup_profile, tags (separated by ;)")
    @PostMapping(value = "/inventory/import", consumes = { "text/csv", "text/plain" })
    InventoryImport.Result importCsv(Actor actor, HttpServletRequest request) throws IOException {
        return importer.importCsv(actor, new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void visible(Actor actor, String customerId) {
        if (!actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
    }

}
