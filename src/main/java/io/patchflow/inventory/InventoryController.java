package io.patchflow.inventory;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.shared.ForbiddenException;

@Controller
class InventoryController {

    static final String INVENTORY = "inventory/inventory";

    private final InventoryViewRepository view;

    private final InventoryImport importer;

    private final Customers customers;

    private final UnauthorizedChanges unauthorized;

    InventoryController(InventoryViewRepository view, InventoryImport importer, Customers customers,
            UnauthorizedChanges unauthorized) {
        this.view = view;
        this.importer = importer;
        this.customers = customers;
        this.unauthorized = unauthorized;
    }

    @GetMapping("/inventory")
    String inventory(Actor actor, @RequestParam(required = false) String customer,
            @RequestParam(required = false) InventoryFlag flag, @RequestParam(defaultValue = "0") int page,
            Model model) {
        List<Customer> mine = customers.findAll(actor.customerIds());
        String selected = customer != null && actor.canSee(customer) ? customer
                : mine.isEmpty() ? null : mine.get(0).id();
        model.addAttribute("customers", mine);
        model.addAttribute("customer", selected);
        model.addAttribute("flag", flag);
        model.addAttribute("flags", InventoryFlag.values());
        model.addAttribute("columns", String.join(", ", InventoryImport.COLUMNS));
        model.addAttribute("mayImport", InventoryImport.IMPORT.allows(actor));
        if (selected != null) {
            model.addAttribute("items", view.items(selected, flag, Math.max(0, page), 50));
            model.addAttribute("unknownAgents", view.unknownAgents(selected));
            model.addAttribute("unauthorized", unauthorized.list(actor, selected, "OPEN", 0, 50));
        }
        return INVENTORY;
    }

    @PostMapping("/inventory/import")
    String importCsv(Actor actor, @RequestParam("file") MultipartFile file, RedirectAttributes redirect)
            throws IOException {
        try {
            InventoryImport.Result result = importer.importCsv(actor,
                    new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
            redirect.addFlashAttribute("notice", "Imported " + file.getOriginalFilename() + ": " + result.created()
                    + " asset(s) created, " + result.updated() + " updated.");
        }
        catch (ImportRejected e) {
            redirect.addFlashAttribute("error", "Nothing was imported: " + e.errors().size() + " row error(s).");
            redirect.addFlashAttribute("rowErrors", e.errors());
        }
        catch (ForbiddenException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/inventory";
    }

}
