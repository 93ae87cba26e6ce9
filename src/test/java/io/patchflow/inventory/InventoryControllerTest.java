package io.patchflow.inventory;

import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.List;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.Page;

@WebMvcTest(InventoryController.class)
class InventoryControllerTest extends SecuredSliceTest {

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    @MockitoBean
    InventoryViewRepository view;

    @MockitoBean
    InventoryImport importer;

    @MockitoBean
    Customers customers;

    @MockitoBean
    UnauthorizedChanges unauthorized;

    private static InventoryItem item(long id) {
        Asset asset = new Asset(id, "acme", "acme-app-" + id, "debian", "12", Criticality.HIGH, Exposure.INTERNAL, 0,
                null, Environment.PRODUCTION, DowntimeTolerance.LOW, null, "ops", null);
        return new InventoryItem(asset, List.of(), 0, false, null, null, null, 0, Set.of(InventoryFlag.values()[0]),
                List.of());
    }

    @Test
    void theInventoryHasTheSharedFilterAndPagerKeepingTheFilterAndALabelledFileField() throws Exception {
        signedIn(DAVE);
        InventoryFlag flag = InventoryFlag.values()[0];
        given(customers.findAll(DAVE.customerIds())).willReturn(List.of(new Customer("acme", "Acme")));
        given(view.items("acme", flag, 1, 50)).willReturn(new Page<>(List.of(item(51)), 1, 50, 120));
        given(view.unknownAgents("acme")).willReturn(List.of());
        given(unauthorized.list(eq(DAVE), eq("acme"), eq("OPEN"), eq(0), eq(50)))
            .willReturn(new Page<>(List.of(), 0, 50, 0));

        mvc.perform(get("/inventory").param("flag", flag.name()).param("page", "1").with(as(DAVE)))
            .andExpect(status().isOk())
            .andExpect(view().name(InventoryController.INVENTORY))
            .andExpect(content()
                .string(Matchers.containsString("<select name=\"customer\" id=\"customer-select\" data-autosubmit>")))
            .andExpect(content().string(Matchers.containsString("Page 2 of 3")))
            .andExpect(content().string(Matchers.containsString(
                    "href=\"/inventory?customer=acme&amp;flag=" + flag + "&amp;page=0\" rel=\"prev\">Previous</a>")))
            .andExpect(content().string(Matchers.containsString(
                    "href=\"/inventory?customer=acme&amp;flag=" + flag + "&amp;page=2\" rel=\"next\">Next</a>")))
            .andExpect(content().string(Matchers.containsString("<label>CSV file <input type=\"file\" name=\"file\"")));
    }

    @Test
    void anAssetStillReportingAnInstalledUpdateNamesTheUpdateAndTheChangeThatInstalledIt() throws Exception {
        signedIn(DAVE);
        InventoryItem flagged = new InventoryItem(item(7).asset(), List.of(), 1, false, null, null, null, 1,
                Set.of(InventoryFlag.UPDATE_STILL_PENDING), List.of(new InventoryItem.StillPendingUpdate(3,
                        "debian:tzdata:2025b-0+deb12u1", 42, java.time.OffsetDateTime.parse("2026-03-10T10:00:00Z"))));
        given(customers.findAll(DAVE.customerIds())).willReturn(List.of(new Customer("acme", "Acme")));
        given(view.items("acme", InventoryFlag.UPDATE_STILL_PENDING, 0, 50))
            .willReturn(new Page<>(List.of(flagged), 0, 50, 1));
        given(view.unknownAgents("acme")).willReturn(List.of());
        given(unauthorized.list(eq(DAVE), eq("acme"), eq("OPEN"), eq(0), eq(50)))
            .willReturn(new Page<>(List.of(), 0, 50, 0));

        mvc.perform(get("/inventory").param("flag", "UPDATE_STILL_PENDING").with(as(DAVE)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString(">UPDATE_STILL_PENDING</span>")))
            .andExpect(content().string(Matchers.containsString("debian:tzdata:2025b-0+deb12u1")))
            .andExpect(
                    content().string(Matchers.containsString("<a href=\"/changes/CHG-42\">CHG-42</a> installed it")));
    }

    @Test
    void signedOutVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/inventory")).andExpect(status().isFound()).andExpect(redirectedUrl("http://localhost/login"));

        verifyNoInteractions(view, customers);
    }

}
