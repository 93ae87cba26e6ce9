package io.patchflow.agent;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.patchflow.shared.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Agents", description = "The customer's agents, their revocation, and enrolment tokens")
@RestController
@RequestMapping("/api")
class AgentAdminApiController {

    private final AgentAdministration agents;

    AgentAdminApiController(AgentAdministration agents) {
        this.agents = agents;
    }

    @Operation(summary = "The customer's agents, active ones first, with when each was last seen")
    @GetMapping("/customers/{customerId}/agents")
    Page<AgentAdministration.AgentView> list(Actor actor, @PathVariable String customerId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return agents.agents(actor, customerId, page, size);
    }

    record Revocation(String reason) {
    }

    @Operation(summary = "Revoke an agent (administrator, change manager): its credential stops working at once. "
            + "Example: {\"reason\":\"host decommissioned\"}")
    @PostMapping("/agents/{agentId}/revoke")
    AgentAdministration.AgentView revoke(Actor actor, @PathVariable String agentId,
            @RequestBody(required = false) Revocation revocation) {
        return agents.revoke(actor, agentId, revocation == null ? null : revocation.reason());
    }

    @Operation(
            summary = "Issue an enrolment token (administrator, change manager); the token is shown in this answer only. "
                    + "Example: {\"validForHours\":24,\"uses\":50,\"label\":\"web farm rollout\"}")
    @PostMapping("/customers/{customerId}/enrolment-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    AgentAdministration.IssuedToken issue(Actor actor, @PathVariable String customerId,
            @RequestBody(required = false) AgentAdministration.TokenRequest request) {
        return agents.issueToken(actor, customerId, request);
    }

    @Operation(summary = "The customer's enrolment tokens (never the tokens themselves), newest first")
    @GetMapping("/customers/{customerId}/enrolment-tokens")
    List<AgentAdministration.TokenView> tokens(Actor actor, @PathVariable String customerId) {
        return agents.tokens(actor, customerId);
    }

    @Operation(summary = "Revoke an enrolment token; agents enrolled with it keep working")
    @DeleteMapping("/customers/{customerId}/enrolment-tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeToken(Actor actor, @PathVariable String customerId, @PathVariable long tokenId) {
        agents.revokeToken(actor, customerId, tokenId);
    }

}
