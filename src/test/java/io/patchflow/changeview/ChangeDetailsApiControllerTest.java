package io.patchflow.changeview;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.NotFoundException;

@WebMvcTest(ChangeDetailsApiController.class)
class ChangeDetailsApiControllerTest extends SecuredSliceTest {

    private static final String PASSWORD = "s3cret-pass";

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    @MockitoBean
    ChangeDetailsService details;

    @BeforeEach
    void signIn() {
        knownUser(ALICE, PASSWORD);
        signedIn(ALICE);
    }

    @Test
    void aVisibleChangeIsReadWithItsHistory() throws Exception {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.SUBMITTED, null, null, null, null, null, "pi-4", created, created, null);
        given(details.details(ALICE, new ChangeId(4)))
            .willReturn(new ChangeDetails(change, "Acme Corp", List.of(), List.of(), null, List.of(), List.of(),
                    List.of(), List.of(), true, List.of(), List.of(), java.util.Map.of()));

        mvc.perform(get("/api/changes/CHG-4").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.change.id").value("CHG-4"))
            .andExpect(jsonPath("$.customerName").value("Acme Corp"))
            .andExpect(jsonPath("$.cancellable").value(true));
    }

    @Test
    void unknownChangeIsNotFound() throws Exception {
        given(details.details(ALICE, new ChangeId(9))).willThrow(new NotFoundException("no change CHG-9"));

        mvc.perform(get("/api/changes/CHG-9").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.status").value(404))
            .andExpect(jsonPath("$.detail").value("no change CHG-9"));
    }

    @Test
    void withoutCredentialsTheApiAnswers401() throws Exception {
        mvc.perform(get("/api/changes/CHG-9")).andExpect(status().isUnauthorized());

        verifyNoInteractions(details);
    }

    private static ChangeDetails withAssets(io.patchflow.deployment.AssetState... states) {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        ChangeRequest change = new ChangeRequest(new ChangeId(4), "acme", "Patch OpenSSL", null, "alice", false, null,
                null, null, ChangeStatus.DEPLOYING, null, null, null, null, null, "pi-4", created, created, null);
        List<io.patchflow.deployment.ChangeAssetView> assets = new java.util.ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            assets.add(new io.patchflow.deployment.ChangeAssetView(i, "host" + i, 0, "LOW", "INTERNAL", 1, states[i],
                    null, created, false, null));
        }
        return new ChangeDetails(change, "Acme Corp", List.of(), assets, null, List.of(), List.of(), List.of(),
                List.of(), false, List.of(), List.of(), java.util.Map.of());
    }

    @Test
    void theChangeSaysHowManyOfItsAssetsAreInstalledAndInWhichState() throws Exception {
        given(details.details(ALICE, new ChangeId(4)))
            .willReturn(withAssets(io.patchflow.deployment.AssetState.SUCCEEDED,
                    io.patchflow.deployment.AssetState.INSTALLED, io.patchflow.deployment.AssetState.INSTALL_FAILED,
                    io.patchflow.deployment.AssetState.PENDING, io.patchflow.deployment.AssetState.PENDING));

        mvc.perform(get("/api/changes/CHG-4").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.progress.total").value(5))
            .andExpect(jsonPath("$.progress.installed").value(2))
            .andExpect(jsonPath("$.progress.failed").value(1))
            .andExpect(jsonPath("$.progress.byState[0].state").value("PENDING"))
            .andExpect(jsonPath("$.progress.byState[0].count").value(2));
    }

    @Test
    void theHistoryIsACsvAttachment() throws Exception {
        given(details.historyCsv(ALICE, new ChangeId(4))).willReturn("time,actor,kind,detail\r\n");

        mvc.perform(get("/api/changes/CHG-4/history.csv").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isOk())
            .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                .contentType("text/csv;charset=UTF-8"))
            .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                .string("Content-Disposition", "attachment; filename=\"CHG-4-history.csv\""))
            .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                .string("time,actor,kind,detail\r\n"));
    }

    @Test
    void anotherCustomersHistoryIsNotFoundAsJsonEvenWhenCsvIsAskedFor() throws Exception {
        given(details.historyCsv(ALICE, new ChangeId(9))).willThrow(new NotFoundException("no change CHG-9"));

        mvc.perform(get("/api/changes/CHG-9/history.csv").accept("text/csv", "*/*").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.detail").value("no change CHG-9"));
    }

    @Test
    void aRefusalIs403NotACsv() throws Exception {
        given(details.historyCsv(ALICE, new ChangeId(4)))
            .willThrow(new io.patchflow.shared.ForbiddenException("not yours to export"));

        mvc.perform(get("/api/changes/CHG-4/history.csv").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.detail").value("not yours to export"));
    }

    @Test
    void theHistoryTakesNoQueryParameters() throws Exception {
        mvc.perform(get("/api/changes/CHG-4/history.csv?from=2026-01-01").with(httpBasic("alice", PASSWORD)))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("from"));

        verifyNoInteractions(details);
    }

}
