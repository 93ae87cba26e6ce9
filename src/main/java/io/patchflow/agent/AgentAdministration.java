package io.patchflow.agent;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

/**
 * What people do about agents: see them, revoke one, issue and revoke enrolment tokens.
 */
@Service
public class AgentAdministration {

    /**
     * The longest an enrolment token may stay valid: long-lived tokens are credentials
     * lying around.
     */
    static final Duration MAX_TOKEN_VALIDITY = Duration.ofDays(30);

    private final AgentRepository agents;

    private final AgentRegistry registry;

    private final Customers customers;

    private final AuditTrail audit;

    AgentAdministration(AgentRepository agents, AgentRegistry registry, Customers customers, AuditTrail audit) {
        this.agents = agents;
        this.registry = registry;
        this.customers = customers;
        this.audit = audit;
    }

    public record AgentView(String agentId, String customerId, String hostname, Long assetId, boolean simulated,
            String agentVersion, Integer protocolVersion, OffsetDateTime enrolledAt, OffsetDateTime lastSeenAt,
            OffsetDateTime secretRotatedAt, OffsetDateTime revokedAt, String revokedBy, String revokedReason) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    public record TokenView(long id, String customerId, String label, String createdBy, OffsetDateTime createdAt,
            OffsetDateTime expiresAt, int usesLeft, OffsetDateTime revokedAt) {
    }

    /** The token in clear is in this answer only; it is stored hashed. */
    public record IssuedToken(long id, String token, OffsetDateTime expiresAt, int uses, String label) {
    }

    public record TokenRequest(Integer validForHours, Integer uses, String label) {
    }

    @Transactional(readOnly = true)
    public Page<AgentView> agents(Actor actor, String customerId, int page, int size) {
        visible(actor, customerId);
        int p = Page.checkedPage(page);
        int s = Page.checkedSize(size);
        List<AgentView> items = agents.agentsOfCustomer(customerId, p * s, s);
        long total = agents.countAgentsOfCustomer(customerId);
        return new Page<>(items, p, s, total);
    }

    /**
     * Revokes an agent: its credential stops working at once (401), and the audit trail
     * says who did it and why.
     */
    @Transactional
    public AgentView revoke(Actor actor, String agentId, String reason) {
        AgentView agent = agents.find(agentId)
            .filter(a -> actor.canSee(a.customerId()))
            .orElseThrow(() -> new NotFoundException("no agent " + agentId));
        mayManage(actor);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw new InvalidInputException("reason", "say why the agent is revoked, in at most 500 characters");
        }
        if (!agent.active()) {
            throw new ConflictException("agent " + agentId + " was already revoked at " + agent.revokedAt());
        }
        agents.revoke(agentId, now(), actor.username(), why);
        audit.record(agent.customerId(), null, actor.username(), "AGENT_REVOKED",
                "agent " + agentId + " (" + agent.hostname() + "): " + why);
        return agents.find(agentId).orElseThrow();
    }

    @Transactional
    public IssuedToken issueToken(Actor actor, String customerId, TokenRequest request) {
        visible(actor, customerId);
        mayManage(actor);
        int hours = request == null || request.validForHours() == null ? 24 : request.validForHours();
        int uses = request == null || request.uses() == null ? 1 : request.uses();
        String label = request == null || request.label() == null ? null : request.label().strip();
        if (hours < 1 || Duration.ofHours(hours).compareTo(MAX_TOKEN_VALIDITY) > 0) {
            throw new InvalidInputException("validForHours",
                    "validForHours is from 1 to " + MAX_TOKEN_VALIDITY.toHours());
        }
        if (uses < 1 || uses > 100_000) {
            throw new InvalidInputException("uses", "uses is from 1 to 100000");
        }
        if (label != null && label.length() > 200) {
            throw new InvalidInputException("label", "label is at most 200 characters");
        }
        String token = registry.issueEnrolmentToken(customerId, Duration.ofHours(hours), uses, actor.username());
        long id = agents.tokenIdByHash(Secrets.hash(token));
        if (label != null && !label.isEmpty()) {
            agents.labelToken(id, label);
        }
        OffsetDateTime expires = agents.tokenExpiry(id);
        return new IssuedToken(id, token, expires, uses, label == null || label.isEmpty() ? null : label);
    }

    @Transactional(readOnly = true)
    public List<TokenView> tokens(Actor actor, String customerId) {
        visible(actor, customerId);
        mayManage(actor);
        return agents.tokens(customerId);
    }

    @Transactional
    public void revokeToken(Actor actor, String customerId, long tokenId) {
        visible(actor, customerId);
        mayManage(actor);
        int updated = agents.revokeToken(tokenId, customerId, now());
        if (updated == 0) {
            throw new NotFoundException("customer " + customerId + " has no unrevoked enrolment token " + tokenId);
        }
        audit.record(customerId, null, actor.username(), "ENROLMENT_TOKEN_REVOKED", "token " + tokenId);
    }

    private void visible(Actor actor, String customerId) {
        if (!actor.canSee(customerId) || customers.find(customerId).isEmpty()) {
            throw new NotFoundException("no customer " + customerId);
        }
    }

    private static void mayManage(Actor actor) {
        if (!actor.hasAny(Role.ADMIN, Role.CHANGE_MANAGER)) {
            throw new ForbiddenException("only administrators and change managers manage agents and enrolment tokens");
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

}
