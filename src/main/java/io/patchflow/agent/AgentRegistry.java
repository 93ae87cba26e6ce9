package io.patchflow.agent;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.inventory.Asset;
import io.patchflow.inventory.Inventory;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;

/** Enrolment tokens and agent credentials. */
@Service
public class AgentRegistry {

    private static final Logger log = LoggerFactory.getLogger(AgentRegistry.class);

    private final AgentRepository agents;

    private final Inventory inventory;

    private final AuditTrail audit;

    private final JobSigner signer;

    AgentRegistry(AgentRepository agents, Inventory inventory, AuditTrail audit, JobSigner signer) {
        this.agents = agents;
        this.inventory = inventory;
        this.audit = audit;
        this.signer = signer;
    }

    /** The agent protocol versions this server speaks (docs/agent-protocol.md). */
    public static final int PROTOCOL_VERSION = 1;

    /** The longest a job poll may wait on the server for work. */
    public static final int MAX_WAIT_SECONDS = 30;

    /**
     * Issues an enrolment token for a customer; returns the token in clear, which is
     * never stored.
     */
    @Transactional
    public String issueEnrolmentToken(String customerId, Duration validFor, int uses, String createdBy) {
        String token = Secrets.newSecret();
        OffsetDateTime now = now();
        agents.insertToken(customerId, Secrets.hash(token), now.plus(validFor), uses, createdBy, now);
        audit.record(customerId, null, createdBy, "ENROLMENT_TOKEN_ISSUED",
                "valid " + validFor + ", " + uses + " use(s)");
        return token;
    }

    /**
     * Enrols an agent with a token. An agent for a hostname that is in the customer's
     * inventory answers for that asset; enrolling again replaces (revokes) the asset's
     * previous agent. A token is bound to its customer's hosts: a hostname in another
     * customer's inventory (in any case) is refused (403), the attempt uses one of the
     * token's uses (so a token cannot be used to probe which hostnames other customers
     * have), and both customers' trails say so.
     */
    @Transactional(noRollbackFor = ForbiddenException.class)
    public Optional<Enrolment> enrol(String token, String hostname, boolean simulated, String agentVersion) {
        if (hostname == null || !hostname.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
            throw new InvalidInputException("hostname", "hostname is 1 to 253 letters, digits, dots or hyphens");
        }
        if (agentVersion != null && agentVersion.length() > 50) {
            throw new InvalidInputException("agentVersion", "agentVersion is at most 50 characters");
        }
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        OffsetDateTime now = now();
        Optional<AgentRepository.Token> found = agents.usableTokenForUpdate(Secrets.hash(token), now);
        if (found.isEmpty()) {
            log.warn("agent enrolment refused for host {}: unknown, expired or used-up token", hostname);
            return Optional.empty();
        }
        String customerId = found.get().customerId();
        Long assetId = inventory.assetByHostname(customerId, hostname).map(Asset::id).orElse(null);
        if (assetId == null) {
            List<String> owners = inventory.customersWithHostname(hostname);
            // a host of this customer written in other letters is not another customer's
            // host
            if (!owners.isEmpty() && !owners.contains(customerId)) {
                agents.useToken(found.get().id());
                String actor = "enrolment-token:" + found.get().id();
                audit.record(customerId, null, actor, "AGENT_ENROLMENT_REFUSED", "host " + hostname
                        + " is in another customer's inventory; this customer's enrolment token enrols only its own hosts");
                owners.forEach(owner -> audit.record(owner, null, actor, "AGENT_ENROLMENT_REFUSED",
                        "another customer's enrolment token tried to enrol this customer's host " + hostname));
                log.warn(
                        "agent enrolment refused for host {}: the token of customer {} may not enrol another customer's host",
                        hostname, customerId);
                throw new ForbiddenException("this enrolment token may not enrol host " + hostname
                        + ": a token enrols its own customer's hosts only");
            }
        }
        agents.useToken(found.get().id());
        if (assetId != null) {
            agents.revokeAgentsOfAsset(assetId, now);
        }
        String agentId = UUID.randomUUID().toString();
        String secret = Secrets.newSecret();
        agents.insertAgent(agentId, customerId, assetId, hostname, Secrets.hash(secret), simulated, agentVersion, now,
                PROTOCOL_VERSION);
        audit.record(customerId, null, "agent:" + agentId, "AGENT_ENROLLED", (simulated ? "SIMULATED agent" : "agent")
                + " for " + hostname + (assetId == null ? " (not in inventory)" : " (asset " + assetId + ")"));
        return Optional.of(new Enrolment(agentId, secret, assetId, customerId, 5, signer.publicKey(), PROTOCOL_VERSION,
                MAX_WAIT_SECONDS));
    }

    /**
     * Checks an agent's credential; a revoked or unknown agent, or a wrong secret, gets
     * nothing.
     */
    public Optional<AgentPrincipal> authenticate(String agentId, String secret) {
        if (agentId == null || secret == null || agentId.length() != 36) {
            return Optional.empty();
        }
        return agents.credential(agentId)
            .filter(row -> !row.revoked() && Secrets.matches(secret, row.secretHash()))
            .map(row -> new AgentPrincipal(agentId, row.customerId(), row.assetId(), row.hostname(), row.simulated()));
    }

    /**
     * What the agent API answers a heartbeat; the agent learns the server's time and
     * protocol.
     */
    public record Heartbeat(String agentId, Long assetId, OffsetDateTime serverTime, int protocolVersion) {
    }

    @Transactional
    public Heartbeat heartbeat(AgentPrincipal agent, String agentVersion) {
        if (agentVersion != null && agentVersion.length() > 50) {
            throw new InvalidInputException("agentVersion", "agentVersion is at most 50 characters");
        }
        OffsetDateTime now = now();
        agents.heartbeat(agent.agentId(), now, agentVersion, PROTOCOL_VERSION);
        return new Heartbeat(agent.agentId(), agent.assetId(), now, PROTOCOL_VERSION);
    }

    /**
     * A new secret for the agent; the old one stops working at once. Returned once,
     * stored hashed.
     */
    @Transactional
    public Enrolment rotate(AgentPrincipal agent) {
        String secret = Secrets.newSecret();
        OffsetDateTime now = now();
        int updated = agents.rotateSecret(agent.agentId(), Secrets.hash(secret), now);
        if (updated != 1) {
            throw new io.patchflow.shared.ConflictException("agent " + agent.agentId() + " is revoked");
        }
        audit.record(agent.customerId(), null, "agent:" + agent.agentId(), "AGENT_SECRET_ROTATED",
                "agent for " + agent.hostname());
        return new Enrolment(agent.agentId(), secret, agent.assetId(), agent.customerId(), 5, signer.publicKey(),
                PROTOCOL_VERSION, MAX_WAIT_SECONDS);
    }

    /**
     * When the last audit entry for a refused credential of this agent (or address) was
     * written.
     */
    private final Map<String, java.time.Instant> lastRefusal = new ConcurrentHashMap<>();

    /**
     * Records a refused agent credential (forged, revoked, or a wrong secret) in the
     * audit trail, at most once a minute per agent id or address, so a misconfigured or
     * hostile caller cannot flood it.
     */
    public void authenticationFailed(String agentId, String address, String path) {
        String known = agentId != null && agentId.length() == 36 ? agentId : null;
        Optional<AgentRepository.Credential> row = known == null ? Optional.empty() : agents.credential(known);
        String kind = row.isEmpty() ? "unknown" : row.get().revoked() ? "revoked" : "wrong-secret";
        // once a minute per agent and kind of refusal; refusals for agents that do not
        // exist (made-up ids, forged credentials) once a minute per address, so random
        // ids cannot flood the audit trail
        String key = row.isEmpty() ? "address:" + address + "|unknown" : known + "|" + kind;
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant last = lastRefusal.get(key);
        if (last != null && last.isAfter(now.minusSeconds(60))) {
            return;
        }
        if (lastRefusal.size() > 10_000) {
            lastRefusal.clear();
        }
        lastRefusal.put(key, now);
        String why = row.isEmpty() ? "unknown agent" + (known == null ? "" : " " + known)
                : row.get().revoked() ? "revoked agent " + known + " (" + row.get().hostname() + ")"
                        : "wrong secret for agent " + known + " (" + row.get().hostname() + ")";
        log.warn("agent credential refused from {} on {}: {}", address, path, why);
        audit.record(row.map(AgentRepository.Credential::customerId).orElse(null), null, "address:" + address,
                "AGENT_AUTH_FAILED", why + " on " + path);
    }

    /**
     * An agent whose hostname is not in the inventory keeps what it says about itself.
     */
    @Transactional
    public void reportedOs(AgentPrincipal agent, String os) {
        agents.setReportedOs(agent.agentId(), os);
    }

    public void seen(String agentId) {
        long nowNanos = System.nanoTime();
        Long written = lastSeenWritten.get(agentId);
        if (written != null && nowNanos - written < SEEN_PRECISION.toNanos()) {
            return; // recorded by this node moments ago
        }
        lastSeenWritten.put(agentId, nowNanos);
        agents.seen(agentId, now());
    }

    /**
     * "Last seen" is kept to within this much for job polls and inventory: one write per
     * agent per 10 seconds per node instead of one per request (issue 5's agent-API
     * benchmark; half its requests are polls). Heartbeats always write. Staleness is
     * judged in days (inventory stale-after).
     */
    static final Duration SEEN_PRECISION = Duration.ofSeconds(10);

    private final Map<String, Long> lastSeenWritten = new ConcurrentHashMap<>();

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

}
