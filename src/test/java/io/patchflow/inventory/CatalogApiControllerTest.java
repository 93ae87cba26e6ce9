package io.patchflow.inventory;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.patch.Cve;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchType;
import io.patchflow.security.Actor;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;

@WebMvcTest(CatalogApiController.class)
class CatalogApiControllerTest extends SecuredSliceTest {

    private static final String PASSWORD = "s3cret-pass";

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme", "initech"));

    @MockitoBean
    Customers customers;

    @MockitoBean
    InventoryRepository inventory;

    @MockitoBean
    PatchCatalog patches;

    @BeforeEach
    void signIn() {
        knownUser(ALICE, PASSWORD);
        signedIn(ALICE);
    }

    @Test
    void customersAreOnlyThoseTheActorIsAssignedTo() throws Exception {
        given(customers.findAll(Set.of("acme", "initech")))
            .willReturn(List.of(new Customer("acme", "Acme Corp"), new Customer("initech", "Initech")));

        mvc.perform(get("/api/customers").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.length()").value(2))
            .andExpect(jsonPath("$[0].id").value("acme"))
            .andExpect(jsonPath("$[1].id").value("initech"));

        verify(customers).findAll(Set.of("acme", "initech"));
        verify(customers, never()).all();
    }

    @Test
    void assetsOfMyCustomerArePaged() throws Exception {
        given(inventory.assetsOfCustomer("acme", 20, 10)).willReturn(List
            .of(new Asset(31, "acme", "web-01", "linux", "debian-12", Criticality.HIGH, Exposure.INTERNET_FACING, 0,
                    null, Environment.PRODUCTION, DowntimeTolerance.LOW, null, null, null)));
        given(inventory.countAssetsOfCustomer("acme")).willReturn(21L);

        mvc.perform(get("/api/customers/acme/assets").param("page", "2")
            .param("size", "10")
            .with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items[0].hostname").value("web-01"))
            .andExpect(jsonPath("$.items[0].exposure").value("INTERNET_FACING"))
            .andExpect(jsonPath("$.page").value(2))
            .andExpect(jsonPath("$.size").value(10))
            .andExpect(jsonPath("$.total").value(21));
    }

    @Test
    void anotherCustomersAssetsLookLikeAnUnknownCustomer() throws Exception {
        mvc.perform(get("/api/customers/globex/assets").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.status").value(404))
            .andExpect(jsonPath("$.detail").value("no customer globex"));

        verifyNoInteractions(inventory);
    }

    @Test
    void anOversizedPageNamesTheSizeParameter() throws Exception {
        mvc.perform(get("/api/customers/acme/assets").param("size", "500").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("size"))
            .andExpect(jsonPath("$.detail").value("page size must be between 1 and 200"));

        verify(inventory, never()).assetsOfCustomer(anyString(), anyInt(), anyInt());
    }

    @Test
    void patchCatalogIsPaged() throws Exception {
        Patch patch = new Patch(5, "openssl", "DSA-5678", "OpenSSL 3.0.15", "openssl", "3.0.15", PatchType.SECURITY,
                false, LocalDate.of(2026, 10, 1), List.of(new Cve("CVE-2026-0001", new BigDecimal("9.8"), true)));
        given(patches.page(0, 50)).willReturn(List.of(patch));
        given(patches.count()).willReturn(1L);

        mvc.perform(get("/api/patches").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items[0].id").value(5))
            .andExpect(jsonPath("$.items[0].cves[0].id").value("CVE-2026-0001"))
            .andExpect(jsonPath("$.items[0].cves[0].knownExploited").value(true))
            .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void withoutCredentialsTheCatalogIsClosed() throws Exception {
        mvc.perform(get("/api/customers"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
            .andExpect(jsonPath("$.detail").value("authenticate with HTTP Basic"));

        verifyNoInteractions(customers);
    }

    @Test
    void aDisabledUserCannotSignIn() throws Exception {
        given(users.find("alice")).willReturn(Optional.of(new AppUser("alice", "Alice", "alice@example.com",
                passwordEncoder.encode(PASSWORD), false, ALICE.roles(), ALICE.customerIds())));

        mvc.perform(get("/api/customers").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE));

        verifyNoInteractions(customers);
    }

    @Test
    void aPatchShowsWhatItSupersedesAndRequiresAndWhoRequiresIt() throws Exception {
        io.patchflow.patch.Patch apache = new io.patchflow.patch.Patch(5, "Debian", "debian:apache2:2.4.62-1~deb12u1",
                "apache2", "apache2", "2.4.62-1~deb12u1", io.patchflow.patch.PatchType.SECURITY, false, null,
                List.of());
        given(patches.find(List.of(5L))).willReturn(List.of(apache));
        given(patches.relationsOf(List.of(5L))).willReturn(
                List.of(new io.patchflow.patch.PatchRelation(5, 3, io.patchflow.patch.PatchRelation.Kind.SUPERSEDES),
                        new io.patchflow.patch.PatchRelation(5, 4, io.patchflow.patch.PatchRelation.Kind.REQUIRES)));
        given(patches.relationsTo(List.of(5L))).willReturn(
                List.of(new io.patchflow.patch.PatchRelation(9, 5, io.patchflow.patch.PatchRelation.Kind.REQUIRES)));

        mvc.perform(get("/api/patches/5").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.patch.vendorId").value("debian:apache2:2.4.62-1~deb12u1"))
            .andExpect(jsonPath("$.supersedes[0]").value(3))
            .andExpect(jsonPath("$.requires[0]").value(4))
            .andExpect(jsonPath("$.requiredBy[0]").value(9))
            .andExpect(jsonPath("$.supersededBy").isEmpty());
        mvc.perform(get("/api/patches/6").with(httpBasic("alice", PASSWORD))).andExpect(status().isNotFound());
    }

}
