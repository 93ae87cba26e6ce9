package io.patchflow.inventory;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchRelation;
import io.patchflow.security.Actor;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Catalog", description = "My customers, their assets, and the patch catalog")
@RestController
@RequestMapping("/api")
class CatalogApiController {

    private final Customers customers;

    private final InventoryRepository inventory;

    private final PatchCatalog patches;

    CatalogApiController(Customers customers, InventoryRepository inventory, PatchCatalog patches) {
        this.customers = customers;
        this.inventory = inventory;
        this.patches = patches;
    }

    @Operation(summary = "The customers I am assigned to")
    @GetMapping("/customers")
    List<Customer> customers(Actor actor) {
        return customers.findAll(actor.customerIds());
    }

    @Operation(summary = "A customer's assets, pilot ring first")
    @GetMapping("/customers/{customerId}/assets")
    Page<Asset> assets(Actor actor, @PathVariable String customerId, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (!actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
        int p = Page.checkedPage(page);
        int s = Page.checkedSize(size);
        return new Page<>(inventory.assetsOfCustomer(customerId, p * s, s), p, s,
                inventory.countAssetsOfCustomer(customerId));
    }

    @Operation(summary = "The patch catalog, newest first")
    @GetMapping("/patches")
    Page<Patch> patches(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        int p = Page.checkedPage(page);
        int s = Page.checkedSize(size);
        return new Page<>(patches.page(p * s, s), p, s, patches.count());
    }

    /** One patch with what advisories say about it, each related patch named by id. */
    record PatchDetails(Patch patch, List<Long> supersedes, List<Long> supersededBy, List<Long> requires,
            List<Long> requiredBy) {
    }

    @Operation(
            summary = "One patch with the patches it supersedes and requires, and those that supersede or require it")
    @GetMapping("/patches/{id}")
    PatchDetails patch(@org.springframework.web.bind.annotation.PathVariable long id) {
        Patch patch = patches.find(List.of(id))
            .stream()
            .findFirst()
            .orElseThrow(() -> new io.patchflow.shared.NotFoundException("no patch " + id));
        List<PatchRelation> of = patches.relationsOf(List.of(id));
        List<PatchRelation> to = patches.relationsTo(List.of(id));
        return new PatchDetails(patch, related(of, PatchRelation.Kind.SUPERSEDES, true),
                related(to, PatchRelation.Kind.SUPERSEDES, false), related(of, PatchRelation.Kind.REQUIRES, true),
                related(to, PatchRelation.Kind.REQUIRES, false));
    }

    private static List<Long> related(List<PatchRelation> relations, PatchRelation.Kind kind, boolean outgoing) {
        return relations.stream()
            .filter(r -> r.kind() == kind)
            .map(r -> outgoing ? r.relatedId() : r.patchId())
            .sorted()
            .toList();
    }

}
