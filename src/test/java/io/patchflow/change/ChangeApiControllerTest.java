package io.patchflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.Page;

@WebMvcTest(ChangeApiController.class)
class ChangeApiControllerTest extends SecuredSliceTest {

    private static final String PASSWORD = "s3cret-pass";

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final String VALID = """
            {"customerId":"acme","title":"Patch OpenSSL","description":"CVE fix",
             "patchIds":[1,2],"assetIds":[10,11],"requestedStart":"2026-12-01T22:00:00Z",
             "emergency":true,"ticketReference":"INC-42"}
            """;

    @MockitoBean
    ChangeService changes;

    @BeforeEach
    void signIn() {
        knownUser(ALICE, PASSWORD);
        signedIn(ALICE);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.with(httpBasic("alice", PASSWORD)).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static ChangeRequest change(long id, ChangeStatus status) {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        return new ChangeRequest(new ChangeId(id), "acme", "Patch OpenSSL", "CVE fix", "alice", true, null, null, null,
                status, null, null, created.plusDays(10), null, null, "pi-" + id, created, created, null);
    }

    @Test
    void submitCreatesTheChangeAndPointsToIt() throws Exception {
        given(changes.submit(eq(ALICE), any())).willReturn(change(7, ChangeStatus.SUBMITTED));

        mvc.perform(json(post("/api/changes"), VALID))
            .andExpect(status().isCreated())
            .andExpect(header().string(HttpHeaders.LOCATION, "/api/changes/CHG-7"))
            .andExpect(jsonPath("$.id").value("CHG-7"))
            .andExpect(jsonPath("$.customerId").value("acme"))
            .andExpect(jsonPath("$.requester").value("alice"))
            .andExpect(jsonPath("$.status").value("SUBMITTED"))
            // null fields are left out (spring.jackson.default-property-inclusion:
            // non_null)
            .andExpect(jsonPath("$.outcome").doesNotExist());

        ArgumentCaptor<SubmitChange> submitted = ArgumentCaptor.forClass(SubmitChange.class);
        verify(changes).submit(eq(ALICE), submitted.capture());
        assertThat(submitted.getValue()).isEqualTo(new SubmitChange("acme", "Patch OpenSSL", "CVE fix", List.of(1L, 2L),
                List.of(10L, 11L), OffsetDateTime.of(2026, 12, 1, 22, 0, 0, 0, ZoneOffset.UTC), true, "INC-42"));
    }

    @Test
    void submitWithoutTitleIsRefusedBeforeTheService() throws Exception {
        mvc.perform(json(post("/api/changes"), """
                {"customerId":"acme","patchIds":[1],"assetIds":[10]}
                """))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.field").value("title"));

        verifyNoInteractions(changes);
    }

    @Test
    void submitWithAnUnknownFieldNamesIt() throws Exception {
        mvc.perform(json(post("/api/changes"), """
                {"customerId":"acme","title":"t","patchIds":[1],"assetIds":[10],"priority":"high"}
                """))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.field").value("priority"));

        verifyNoInteractions(changes);
    }

    @Test
    void submitWithMalformedJsonIsABadRequest() throws Exception {
        mvc.perform(json(post("/api/changes"), "{\"customerId\":\"acme\",\"title\":"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail").value("the request body is not valid JSON"));

        verifyNoInteractions(changes);
    }

    @Test
    void submitWithoutPatchesNamesPatchIds() throws Exception {
        mvc.perform(json(post("/api/changes"), """
                {"customerId":"acme","title":"t","patchIds":[],"assetIds":[10]}
                """))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.field").value("patchIds"));

        verifyNoInteractions(changes);
    }

    @Test
    void invalidInputFromTheServiceNamesTheField() throws Exception {
        given(changes.submit(eq(ALICE), any()))
            .willThrow(new InvalidInputException("assetIds", "unknown asset ids for customer acme: [11]"));

        mvc.perform(json(post("/api/changes"), VALID))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("assetIds"))
            .andExpect(jsonPath("$.detail").value("unknown asset ids for customer acme: [11]"));
    }

    @Test
    void submitRefusedByTheServiceIsForbidden() throws Exception {
        given(changes.submit(eq(ALICE), any()))
            .willThrow(new ForbiddenException("only requesters and change managers submit changes"));

        mvc.perform(json(post("/api/changes"), VALID))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.detail").value("only requesters and change managers submit changes"));
    }

    @Test
    void listPassesFilterAndPaging() throws Exception {
        given(changes.list(ALICE, ChangeQuery.of(null, null, null, null, null, "APPROVED", null, null, null, 1, 5)))
            .willReturn(new Page<>(List.of(change(3, ChangeStatus.APPROVED)), 1, 5, 6));

        mvc.perform(get("/api/changes").param("status", "APPROVED")
            .param("page", "1")
            .param("size", "5")
            .with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items[0].id").value("CHG-3"))
            .andExpect(jsonPath("$.items[0].status").value("APPROVED"))
            .andExpect(jsonPath("$.total").value(6));
    }

    @Test
    void theTicketAndEveryOtherFilterIsTakenAndChecked() throws Exception {
        ChangeQuery query = new ChangeQuery("CHG-12", "acme", "SD-1", "web-01", "CVE-2025-48384", null,
                ChangeOutcome.SUCCESSFUL, java.time.LocalDate.of(2026, 1, 1), java.time.LocalDate.of(2026, 1, 1), 0,
                20);
        given(changes.list(ALICE, query)).willReturn(new Page<>(List.of(change(12, ChangeStatus.CLOSED)), 0, 20, 1));

        mvc.perform(get("/api/changes?ticket=SD-1&q=CHG-12&customer=acme&asset=web-01&cve=CVE-2025-48384"
                + "&outcome=successful&from=2026-01-01&to=2026-01-01")
            .with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items[0].id").value("CHG-12"));
    }

    @Test
    void aFilterWithAWrongValueIs400NamingIt() throws Exception {
        for (String[] wrong : new String[][] { { "status", "DONE" }, { "outcome", "FINE" }, { "from", "yesterday" },
                { "to", "2026-13-01" }, { "cve", "log4shell" }, { "ticket", "<script>" }, { "size", "500" } }) {
            mvc.perform(get("/api/changes").param(wrong[0], wrong[1]).with(httpBasic("alice", PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value(wrong[0]));
        }
        mvc.perform(get("/api/changes?from=2026-02-01&to=2026-01-01").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("to"))
            .andExpect(jsonPath("$.detail").value("to (2026-01-01) is before from (2026-02-01)"));

        verifyNoInteractions(changes);
    }

    @Test
    void anotherCustomersChangesAreRefusedAsAnUnknownCustomer() throws Exception {
        given(changes.list(eq(ALICE), any()))
            .willThrow(new InvalidInputException("customer", "unknown customer globex"));

        mvc.perform(get("/api/changes?customer=globex").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("customer"));
    }

    @Test
    void anUnknownQueryParameterIsRefusedInsteadOfListingEveryChange() throws Exception {
        mvc.perform(get("/api/changes?tickets=SD-1").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("tickets"))
            .andExpect(jsonPath("$.supported",
                    org.hamcrest.Matchers.contains("asset", "customer", "cve", "from", "outcome", "page", "q", "size",
                            "status", "ticket", "to")))
            .andExpect(jsonPath("$.detail").value("unknown query parameter 'tickets': GET /api/changes takes asset, "
                    + "customer, cve, from, outcome, page, q, size, status, ticket, to; nothing was done"));

        verifyNoInteractions(changes);
    }

    @Test
    void cancelAfterDeploymentStartedIsAConflict() throws Exception {
        willThrow(new ConflictException("cancellation refused: deployment of CHG-5 has started (DEPLOYING)"))
            .given(changes)
            .cancel(ALICE, new ChangeId(5), "no longer needed");

        mvc.perform(json(post("/api/changes/CHG-5/cancel"), "{\"reason\":\"no longer needed\"}"))
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.status").value(409))
            .andExpect(jsonPath("$.detail").value("cancellation refused: deployment of CHG-5 has started (DEPLOYING)"));

        verify(changes, never()).get(any(), any());
    }

    @Test
    void cancelReturnsTheCancelledChange() throws Exception {
        ChangeRequest cancelled = new ChangeRequest(new ChangeId(5), "acme", "Patch OpenSSL", null, "alice", false,
                null, null, null, ChangeStatus.CLOSED, ChangeOutcome.CANCELLED, "no longer needed", null, null, null,
                "pi-5", OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.now(ZoneOffset.UTC),
                OffsetDateTime.now(ZoneOffset.UTC));
        given(changes.get(ALICE, new ChangeId(5))).willReturn(cancelled);

        mvc.perform(json(post("/api/changes/CHG-5/cancel"), "{\"reason\":\"no longer needed\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.status").value("CLOSED"))
            .andExpect(jsonPath("$.outcome").value("CANCELLED"));

        verify(changes).cancel(ALICE, new ChangeId(5), "no longer needed");
    }

    @Test
    void withoutCredentialsTheApiAnswers401WithoutAChallenge() throws Exception {
        MvcResult result = mvc.perform(post("/api/changes").contentType(MediaType.APPLICATION_JSON).content(VALID))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
            .andExpect(jsonPath("$.status").value(401))
            .andExpect(jsonPath("$.title").value("Unauthorized"))
            .andExpect(jsonPath("$.detail").value("authenticate with HTTP Basic"))
            .andReturn();

        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        verifyNoInteractions(changes);
    }

    @Test
    void aWrongPasswordIs401WithoutAChallenge() throws Exception {
        mvc.perform(get("/api/changes").with(httpBasic("alice", "wrong")))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
            .andExpect(jsonPath("$.status").value(401));

        verify(changes, never()).list(any(), any());
    }

}
