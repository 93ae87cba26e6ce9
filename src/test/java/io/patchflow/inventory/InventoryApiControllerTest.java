package io.patchflow.inventory;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.Page;

@WebMvcTest(InventoryApiController.class)
class InventoryApiControllerTest extends SecuredSliceTest {

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    @MockitoBean
    InventoryViewRepository view;

    @MockitoBean
    InventoryImport importer;

    @MockitoBean
    InventoryRepository inventory;

    @BeforeEach
    void signIn() {
        signedIn(DAVE);
    }

    @Test
    void aRejectedImportListsEveryBadRow() throws Exception {
        given(importer.importCsv(eq(DAVE), any()))
            .willThrow(new ImportRejected(List.of(new ImportRejected.RowError(3, "hostname", "hostname is required"),
                    new ImportRejected.RowError(4, "customer", "unknown customer nobody"))));

        mvc.perform(post("/api/inventory/import").with(as(DAVE)).contentType("text/csv").content("customer,hostname\n"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].row").value(3))
            .andExpect(jsonPath("$.errors[0].field").value("hostname"))
            .andExpect(jsonPath("$.errors[1].message").value("unknown customer nobody"))
            .andExpect(jsonPath("$.detail")
                .value(org.hamcrest.Matchers.startsWith("2 row error(s); nothing was imported")));
    }

    @Test
    void anImportAnswersHowManyAssetsWereCreatedAndUpdated() throws Exception {
        given(importer.importCsv(eq(DAVE), any())).willReturn(new InventoryImport.Result(2, 1));

        mvc.perform(post("/api/inventory/import").with(as(DAVE)).contentType("text/csv").content("customer,hostname\n"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.created").value(2))
            .andExpect(jsonPath("$.updated").value(1));
    }

    @Test
    void anotherCustomersInventoryDoesNotExist() throws Exception {
        mvc.perform(get("/api/customers/globex/inventory").with(as(DAVE))).andExpect(status().isNotFound());
        mvc.perform(get("/api/customers/globex/unknown-agents").with(as(DAVE))).andExpect(status().isNotFound());

        verifyNoInteractions(view);
    }

    @Test
    void theInventoryCanBeFilteredByFlag() throws Exception {
        given(view.items("acme", InventoryFlag.NO_AGENT, 0, 50)).willReturn(new Page<>(List.of(), 0, 50, 0));

        mvc.perform(get("/api/customers/acme/inventory").param("flag", "NO_AGENT").with(as(DAVE)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/customers/acme/inventory").param("flag", "BROKEN").with(as(DAVE)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("flag"));
    }

    @Test
    void theImportNeedsCredentials() throws Exception {
        mvc.perform(post("/api/inventory/import").contentType("text/csv").content("customer,hostname\n"))
            .andExpect(status().isUnauthorized());

        verifyNoInteractions(importer);
    }

}
