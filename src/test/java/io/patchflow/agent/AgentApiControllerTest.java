package io.patchflow.agent;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.patchflow.inventory.InventoryFacts;
import io.patchflow.inventory.ReportedFacts;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ConflictException;

@WebMvcTest(AgentApiController.class)
@Import({ AgentSecurity.class, LongPoll.class, AgentApiControllerTest.Settings.class })
class AgentApiControllerTest extends SecuredSliceTest {

    /** Real settings: the guard in front of the controller reads the limits. */
    @org.springframework.boot.test.context.TestConfiguration
    static class Settings {

        @org.springframework.context.annotation.Bean
        AgentSettings agentSettings() {
            // an agent's bucket refills at 1 a second: the rate-limit test refuses calls
            // however slowly a busy machine runs them (at 50 a second, 400 calls taking
            // 11 s were all let through); the other tests make far fewer than 50 calls
            return new AgentSettings(java.time.Duration.ofMinutes(2), java.time.Duration.ofMinutes(30), 10, 4096, 65536,
                    new AgentSettings.RateLimits(50, 1, 200, 50));
        }

    }

    private static final String AGENT_ID = "3f2b8c1e-9a4d-4e7f-8b6a-0c5d2e1f7a93";

    private static final String SECRET = "s3cr3t-agent-key";

    private static final AgentPrincipal AGENT = new AgentPrincipal(AGENT_ID, "acme", 31L, "web-01", false);

    @MockitoBean
    AgentRegistry registry;

    @MockitoBean
    AgentJobService jobs;

    @MockitoBean
    AgentJobRepository agentJobRepository;

    @MockitoBean
    InventoryFacts inventoryFacts;

    @BeforeEach
    void knownAgent() {
        given(registry.authenticate(AGENT_ID, SECRET)).willReturn(Optional.of(AGENT));
    }

    /**
     * A job poll is answered asynchronously (it may wait for work); this follows it to
     * its answer.
     */
    private org.springframework.test.web.servlet.ResultActions lease(MockHttpServletRequestBuilder request)
            throws Exception {
        org.springframework.test.web.servlet.MvcResult started = mvc.perform(request)
            .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
            .andReturn();
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started));
    }

    private static MockHttpServletRequestBuilder asAgent(MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + AGENT_ID + "." + SECRET);
    }

    // --- enrol (open to anyone holding an enrolment token) ---

    @Test
    void enrolWithAValidTokenHandsOutCredentials() throws Exception {
        given(registry.enrol("tok-1", "web-01", false, "1.2.0"))
            .willReturn(Optional.of(new Enrolment(AGENT_ID, SECRET, 31L, "acme", 5, "MCowBQYDK2VwAyEA", 1, 30)));

        mvc.perform(post("/agent/v1/enrol").contentType(MediaType.APPLICATION_JSON)
            .content("{\"enrolmentToken\":\"tok-1\",\"hostname\":\"web-01\",\"agentVersion\":\"1.2.0\"}"))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.agentId").value(AGENT_ID))
            .andExpect(jsonPath("$.agentSecret").value(SECRET))
            .andExpect(jsonPath("$.assetId").value(31))
            .andExpect(jsonPath("$.pollIntervalSeconds").value(5));
    }

    @Test
    void enrolWithABadTokenIsUnauthorized() throws Exception {
        given(registry.enrol("stale", "web-01", true, null)).willReturn(Optional.empty());

        mvc.perform(post("/agent/v1/enrol").contentType(MediaType.APPLICATION_JSON)
            .content("{\"enrolmentToken\":\"stale\",\"hostname\":\"web-01\",\"simulated\":true}"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
            .andExpect(jsonPath("$.status").value(401))
            .andExpect(jsonPath("$.detail").value("the enrolment token is unknown, expired or used up"));
    }

    @Test
    void enrolWithoutHostnameIsABadRequest() throws Exception {
        mvc.perform(post("/agent/v1/enrol").contentType(MediaType.APPLICATION_JSON)
            .content("{\"enrolmentToken\":\"tok-1\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.field").value("hostname"));

        verify(registry, never()).enrol(any(), any(), anyBoolean(), any());
    }

    // --- lease ---

    @Test
    void leaseWithoutCredentialsIsUnauthorized() throws Exception {
        mvc.perform(post("/agent/v1/jobs/lease"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail").value("agent credentials missing or invalid"));

        verifyNoInteractions(jobs);
    }

    @Test
    void leaseWithAWrongSecretIsUnauthorized() throws Exception {
        mvc.perform(post("/agent/v1/jobs/lease").header(HttpHeaders.AUTHORIZATION, "Bearer " + AGENT_ID + ".guessed"))
            .andExpect(status().isUnauthorized())
            .andExpect(jsonPath("$.detail").value("agent credentials missing or invalid"));

        verify(registry).authenticate(AGENT_ID, "guessed");
        verifyNoInteractions(jobs);
    }

    @Test
    void aSignedInPersonIsNotAnAgent() throws Exception {
        mvc.perform(post("/agent/v1/jobs/lease").with(user("root").roles("ADMIN")))
            .andExpect(status().isForbidden())
            .andExpect(jsonPath("$.status").value(403))
            .andExpect(jsonPath("$.detail").value("your role does not allow this"));

        verifyNoInteractions(jobs);
    }

    @Test
    void leaseHandsOutJobsUpToTheConfiguredMaximum() throws Exception {
        OffsetDateTime expires = OffsetDateTime.of(2026, 12, 1, 22, 2, 0, 0, ZoneOffset.UTC);
        given(jobs.lease(AGENT, 10)).willReturn(new AgentJobService.Lease(
                List.of(new LeasedJob("job-1", "INSTALL", "CHG-4", 1, expires, "{\"patches\":[{\"id\":5}]}",
                        "claims.signature", expires.minusMinutes(2), expires.plusMinutes(30))),
                List.of()));

        lease(asAgent(post("/agent/v1/jobs/lease"))).andExpect(status().isOk())
            .andExpect(jsonPath("$.jobs.length()").value(1))
            .andExpect(jsonPath("$.jobs[0].token").value("claims.signature"))
            .andExpect(jsonPath("$.jobs[0].notAfter").value("2026-12-01T22:32:00Z"))
            .andExpect(jsonPath("$.jobs[0].jobId").value("job-1"))
            .andExpect(jsonPath("$.jobs[0].changeId").value("CHG-4"))
            // the payload is the job's JSON, embedded as is
            .andExpect(jsonPath("$.jobs[0].payload.patches[0].id").value(5));

        verify(registry).seen(AGENT_ID);
    }

    @Test
    void leaseNamesTheJobsItHoldsBackAndWhy() throws Exception {
        OffsetDateTime opens = OffsetDateTime.of(2026, 12, 5, 22, 0, 0, 0, ZoneOffset.UTC);
        given(jobs.lease(AGENT, 10))
            .willReturn(new AgentJobService.Lease(List.of(), List.of(new AgentJobService.Deferred("job-2", "INSTALL",
                    "CHG-9", "outside maintenance window 'Saturday night'", opens))));

        lease(asAgent(post("/agent/v1/jobs/lease"))).andExpect(status().isOk())
            .andExpect(jsonPath("$.jobs").isEmpty())
            .andExpect(jsonPath("$.deferred[0].jobId").value("job-2"))
            .andExpect(jsonPath("$.deferred[0].reason").value("outside maintenance window 'Saturday night'"))
            .andExpect(jsonPath("$.deferred[0].notBefore").value("2026-12-05T22:00:00Z"));
    }

    @Test
    void leaseHonoursTheAgentsMaximum() throws Exception {
        given(jobs.lease(AGENT, 3)).willReturn(new AgentJobService.Lease(List.of(), List.of()));

        lease(asAgent(post("/agent/v1/jobs/lease")).contentType(MediaType.APPLICATION_JSON).content("{\"max\":3}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.jobs").isEmpty());

        verify(jobs).lease(AGENT, 3);
    }

    @Test
    void leaseWithAnOutOfRangeMaximumIsABadRequest() throws Exception {
        mvc.perform(
                asAgent(post("/agent/v1/jobs/lease")).contentType(MediaType.APPLICATION_JSON).content("{\"max\":500}"))
            .andExpect(status().isBadRequest());

        verify(jobs, never()).lease(any(), anyInt());
    }

    // --- result ---

    @Test
    void aSucceededResultIsReported() throws Exception {
        given(jobs.report(AGENT, "job-1", true, "installed", 1, "{\"snapshotId\":\"38b937d0\"}"))
            .willReturn(new JobResult("job-1", "SUCCEEDED", true, "recorded"));

        mvc.perform(asAgent(post("/agent/v1/jobs/job-1/result")).contentType(MediaType.APPLICATION_JSON)
            .content(
                    "{\"outcome\":\"SUCCEEDED\",\"detail\":\"installed\",\"attempt\":1,\"evidence\":{\"snapshotId\":\"38b937d0\"}}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.jobId").value("job-1"))
            .andExpect(jsonPath("$.status").value("SUCCEEDED"))
            .andExpect(jsonPath("$.applied").value(true));
    }

    @Test
    void anUnknownOutcomeIsABadRequest() throws Exception {
        mvc.perform(asAgent(post("/agent/v1/jobs/job-1/result")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"outcome\":\"MAYBE\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.field").value("outcome"));

        verify(jobs, never()).report(any(), anyString(), anyBoolean(), any(), any(), any());
    }

    @Test
    void aResultTheJobNoLongerAcceptsIsAConflict() throws Exception {
        given(jobs.report(AGENT, "job-1", false, "disk full", null, null))
            .willThrow(new ConflictException("job job-1 belongs to another agent's lease"));

        mvc.perform(asAgent(post("/agent/v1/jobs/job-1/result")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"outcome\":\"FAILED\",\"detail\":\"disk full\"}"))
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.status").value(409))
            .andExpect(jsonPath("$.detail").value("job job-1 belongs to another agent's lease"));
    }

    @Test
    void aResultWithoutCredentialsIsUnauthorized() throws Exception {
        mvc.perform(post("/agent/v1/jobs/job-1/result").contentType(MediaType.APPLICATION_JSON)
            .content("{\"outcome\":\"SUCCEEDED\"}")).andExpect(status().isUnauthorized());

        verifyNoInteractions(jobs);
    }

    // --- inventory ---

    @Test
    void anInventoryReportMergesIntoTheAgentsAsset() throws Exception {
        given(inventoryFacts.report(org.mockito.ArgumentMatchers.eq(31L), any())).willReturn(1);

        mvc.perform(asAgent(post("/agent/v1/inventory")).contentType(MediaType.APPLICATION_JSON).content("""
                {"os":"Debian GNU/Linux 12","rebootRequired":true,
                 "packages":[{"name":"git","installed":"1:2.39.2-1.1","candidate":"1:2.39.5-0+deb12u2"}]}
                """))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.assetId").value(31))
            .andExpect(jsonPath("$.packages").value(1))
            .andExpect(jsonPath("$.newCatalogPatches").value(1));

        verify(inventoryFacts).report(31L, new ReportedFacts("Debian GNU/Linux 12", true,
                List.of(new ReportedFacts.ReportedPackage("git", "1:2.39.2-1.1", "1:2.39.5-0+deb12u2"))));
    }

    @Test
    void anInventoryReportWithoutPackageNamesIsABadRequest() throws Exception {
        mvc.perform(asAgent(post("/agent/v1/inventory")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"os\":\"Debian\",\"packages\":[{\"installed\":\"1.0\"}]}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("packages[0].name"));

        verifyNoInteractions(inventoryFacts);
    }

    @Test
    void anInventoryReportWithoutCredentialsIsUnauthorized() throws Exception {
        mvc.perform(post("/agent/v1/inventory").contentType(MediaType.APPLICATION_JSON).content("{\"packages\":[]}"))
            .andExpect(status().isUnauthorized());

        verifyNoInteractions(inventoryFacts);
    }

    // --- hardening ---

    @Test
    void aHeartbeatAnswersWithTheServersTimeAndProtocol() throws Exception {
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 2, 9, 0, 0, 0, ZoneOffset.UTC);
        given(registry.heartbeat(AGENT, "0.1.0")).willReturn(new AgentRegistry.Heartbeat(AGENT_ID, 31L, now, 1));

        mvc.perform(asAgent(post("/agent/v1/heartbeat")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"agentVersion\":\"0.1.0\"}"))
            .andExpect(status().isOk())
            .andExpect(header().string("Patchflow-Agent-Protocol", "1"))
            .andExpect(jsonPath("$.serverTime").value("2026-12-02T09:00:00Z"))
            .andExpect(jsonPath("$.protocolVersion").value(1));
    }

    @Test
    void aProtocolVersionTheServerDoesNotSpeakIsRefusedBeforeAnythingHappens() throws Exception {
        mvc.perform(asAgent(post("/agent/v1/heartbeat")).header("Patchflow-Agent-Protocol", "2"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("agent protocol version 2 is not spoken here; this server speaks 1"));
        verify(registry, never()).heartbeat(any(), any());
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413() throws Exception {
        String big = "{\"outcome\":\"FAILED\",\"detail\":\"" + "x".repeat(5000) + "\"}";

        mvc.perform(asAgent(post("/agent/v1/jobs/job-1/result")).contentType(MediaType.APPLICATION_JSON).content(big))
            .andExpect(status().isPayloadTooLarge())
            .andExpect(jsonPath("$.detail").value("the request body is larger than 4096 bytes"));
        verify(jobs, never()).report(any(), anyString(), anyBoolean(), any(), any(), any());
    }

    @Test
    void anAgentThatCallsTooOftenIsToldWhenToTryAgain() throws Exception {
        // an agent of its own, so its bucket is not the other tests'
        String busy = "7d1e5c2a-0b3f-4a6e-9c8d-1f2e3a4b5c6d";
        AgentPrincipal agent = new AgentPrincipal(busy, "acme", 32L, "web-02", false);
        given(registry.authenticate(busy, SECRET)).willReturn(Optional.of(agent));
        given(registry.heartbeat(any(), any()))
            .willReturn(new AgentRegistry.Heartbeat(busy, 32L, OffsetDateTime.now(), 1));
        int ok = 0;
        int refused = 0;
        String retryAfter = null;
        long started = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            var response = mvc
                .perform(post("/agent/v1/heartbeat").header(HttpHeaders.AUTHORIZATION, "Bearer " + busy + "." + SECRET))
                .andReturn()
                .getResponse();
            if (response.getStatus() == 200) {
                ok++;
            }
            else if (response.getStatus() == 429) {
                refused++;
                retryAfter = response.getHeader("Retry-After");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // a burst of 50, refilled at 1 a second: at most that many got through
        org.assertj.core.api.Assertions.assertThat(ok)
            .isGreaterThanOrEqualTo(50)
            .isLessThanOrEqualTo(50 + (int) Math.ceil(seconds) + 1);
        org.assertj.core.api.Assertions.assertThat(refused).isEqualTo(400 - ok).isPositive();
        org.assertj.core.api.Assertions.assertThat(retryAfter).isEqualTo("1");
    }

    @Test
    void progressIsPassedOnAndAnUnknownStateIsNamed() throws Exception {
        OffsetDateTime until = OffsetDateTime.of(2026, 12, 2, 9, 2, 0, 0, ZoneOffset.UTC);
        given(jobs.progress(AGENT, "job-1", "REBOOTING", null))
            .willReturn(new AgentJobService.Progress("job-1", "REBOOTING", until));

        mvc.perform(asAgent(post("/agent/v1/jobs/job-1/progress")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"state\":\"REBOOTING\"}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.leaseExpiresAt").value("2026-12-02T09:02:00Z"));
        mvc.perform(
                asAgent(post("/agent/v1/jobs/job-1/progress")).contentType(MediaType.APPLICATION_JSON).content("{}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.field").value("state"));
    }

    @Test
    void rotatingHandsOutANewSecretOnce() throws Exception {
        given(registry.rotate(AGENT))
            .willReturn(new Enrolment(AGENT_ID, "new-secret", 31L, "acme", 5, "MCowBQYDK2VwAyEA", 1, 30));

        mvc.perform(asAgent(post("/agent/v1/credentials/rotate")))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.agentSecret").value("new-secret"));
    }

    @Test
    void aRefusedCredentialIsRecordedForTheAudit() throws Exception {
        mvc.perform(post("/agent/v1/jobs/lease").header(HttpHeaders.AUTHORIZATION, "Bearer " + AGENT_ID + ".forged"))
            .andExpect(status().isUnauthorized());

        verify(registry).authenticationFailed(org.mockito.ArgumentMatchers.eq(AGENT_ID), anyString(),
                org.mockito.ArgumentMatchers.eq("/agent/v1/jobs/lease"));
    }

}
