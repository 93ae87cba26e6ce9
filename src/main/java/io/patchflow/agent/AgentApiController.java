package io.patchflow.agent;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.inventory.InventoryFacts;
import io.patchflow.inventory.ReportedFacts;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The agent API (docs/agent-protocol.md): enrol, lease jobs, report results. */
@Hidden
@RestController
@RequestMapping("/agent/v1")
class AgentApiController {

    private final AgentRegistry registry;

    private final AgentJobService jobs;

    private final AgentSettings settings;

    private final InventoryFacts inventoryFacts;

    private final LongPoll longPoll;

    private final com.fasterxml.jackson.databind.ObjectMapper json;

    AgentApiController(AgentRegistry registry, AgentJobService jobs, AgentSettings settings,
            InventoryFacts inventoryFacts, LongPoll longPoll, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.registry = registry;
        this.jobs = jobs;
        this.settings = settings;
        this.inventoryFacts = inventoryFacts;
        this.longPoll = longPoll;
        this.json = json;
    }

    record EnrolRequest(@NotBlank @Size(max = 200) String enrolmentToken, @NotBlank @Size(max = 253) String hostname,
            boolean simulated, @Size(max = 50) String agentVersion, @Min(1) @Max(1) Integer protocolVersion) {
    }

    record LeaseRequest(@Min(1) @Max(100) Integer max,
            @Min(0) @Max(AgentRegistry.MAX_WAIT_SECONDS) Integer waitSeconds) {
    }

    enum Outcome {

        SUCCEEDED, FAILED

    }

    record ResultRequest(@NotNull Outcome outcome, @Size(max = 2000) String detail, @Min(1) Integer attempt,
            com.fasterxml.jackson.databind.JsonNode evidence) {
    }

    record HeartbeatRequest(@Size(max = 50) String agentVersion, @Min(1) @Max(1) Integer protocolVersion) {
    }

    record ProgressRequest(@NotBlank String state, @Size(max = 500) String detail) {
    }

    @PostMapping("/enrol")
    ResponseEntity<?> enrol(@Valid @RequestBody EnrolRequest request) {
        return registry.enrol(request.enrolmentToken(), request.hostname(), request.simulated(), request.agentVersion())
            .<ResponseEntity<?>>map(e -> ResponseEntity.status(HttpStatus.CREATED).body(e))
            .orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                        "the enrolment token is unknown, expired or used up")));
    }

    record PackageReport(@NotBlank @Size(max = 200) String name, @Size(max = 100) String installed,
            @Size(max = 100) String candidate) {
    }

    record InventoryReport(@Size(max = 100) String os, boolean rebootRequired,
            @NotNull @Size(max = 50_000) List<@Valid @NotNull PackageReport> packages) {
    }

    /** The machine's facts: replaces what the asset's previous report said. */
    @PostMapping("/inventory")
    Map<String, Object> inventory(@AuthenticationPrincipal AgentPrincipal agent,
            @Valid @RequestBody InventoryReport report) {
        registry.seen(agent.agentId());
        ReportedFacts facts = new ReportedFacts(report.os(), report.rebootRequired(),
                report.packages()
                    .stream()
                    .map(p -> new ReportedFacts.ReportedPackage(p.name(), p.installed(), p.candidate()))
                    .toList());
        if (agent.assetId() == null) {
            registry.reportedOs(agent, facts.os());
            return Map.of("inInventory", false, "packages", facts.packages().size());
        }
        int newPatches = inventoryFacts.report(agent.assetId(), facts);
        return Map.of("inInventory", true, "assetId", agent.assetId(), "packages", facts.packages().size(),
                "newCatalogPatches", newPatches);
    }

    /**
     * The agent is alive; also tells it the server's time (agents check windows against
     * their own clock).
     */
    @PostMapping("/heartbeat")
    AgentRegistry.Heartbeat heartbeat(@AuthenticationPrincipal AgentPrincipal agent,
            @Valid @RequestBody(required = false) HeartbeatRequest request) {
        return registry.heartbeat(agent, request == null ? null : request.agentVersion());
    }

    /**
     * Up to {@code max} jobs of the agent's asset. With {@code waitSeconds}, the call
     * waits on the server until a job is there or the time is up (long polling); without,
     * it answers at once.
     */
    @PostMapping("/jobs/lease")
    org.springframework.web.context.request.async.DeferredResult<AgentJobService.Lease> lease(
            @AuthenticationPrincipal AgentPrincipal agent, @Valid @RequestBody(required = false) LeaseRequest request) {
        registry.seen(agent.agentId());
        int max = request == null || request.max() == null ? settings.maxJobsPerPoll() : request.max();
        int wait = request == null || request.waitSeconds() == null ? 0 : request.waitSeconds();
        return longPoll.lease(agent, max, java.time.Duration.ofSeconds(wait));
    }

    /** What the agent is doing now; extends the job's lease. */
    @PostMapping("/jobs/{jobId}/progress")
    AgentJobService.Progress progress(@AuthenticationPrincipal AgentPrincipal agent, @PathVariable String jobId,
            @Valid @RequestBody ProgressRequest request) {
        return jobs.progress(agent, jobId, request.state(), request.detail());
    }

    @PostMapping("/jobs/{jobId}/result")
    JobResult report(@AuthenticationPrincipal AgentPrincipal agent, @PathVariable String jobId,
            @Valid @RequestBody ResultRequest request) throws com.fasterxml.jackson.core.JsonProcessingException {
        String evidence = request.evidence() == null || request.evidence().isNull() ? null
                : json.writeValueAsString(request.evidence());
        return jobs.report(agent, jobId, request.outcome() == Outcome.SUCCEEDED, request.detail(), request.attempt(),
                evidence);
    }

    /** A new secret for this agent; the one used for this call stops working. */
    @PostMapping("/credentials/rotate")
    Enrolment rotate(@AuthenticationPrincipal AgentPrincipal agent) {
        return registry.rotate(agent);
    }

}
