package io.patchflow.agent;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.customer.CustomerRepository;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

/** What people do about agents: see them, revoke one, issue and revoke enrolment tokens. */
@Service
public class AgentAdministration {

    /** The longest an enrolment token may stay valid: long-lived tokens are credentials lying around. */
    static final Duration MAX_TOKEN_VALIDITY = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final AgentRegistry registry;
    private final CustomerRepository customers;
    private final AuditTrail audit;

    AgentAdministration(JdbcClient jdbc, AgentRegistry registry, CustomerRepository customers, AuditTrail audit) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.customers = customers;
        this.audit = audit;
    }

    public record AgentView(String agentId, String customerId, String hostname, Long assetId, boolean simulated, String agentVersion,
                            Integer protocolVersion, OffsetDateTime enrolledAt, OffsetDateTime lastSeenAt,
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

    private static final String AGENT_COLUMNS = "id, customer_id, hostname, asset_id, simulated, agent_version, protocol_version, "
            + "enrolled_at, last_seen_at, secret_rotated_at, revoked_at, revoked_by, revoked_reason";

    @Transactional(readOnly = true)
    public Page<AgentView> agents(Actor actor, String customerId, int page, int size) {
        visible(actor, customerId);
        int p = Page.checkedPage(page);
        int s = Page.checkedSize(size);
        List<AgentView> items = jdbc.sql("SELECT " + AGENT_COLUMNS + " FROM agent WHERE customer_id = ? "
                        + "ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, hostname, enrolled_at DESC "
                        + "OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(customerId, p * s, s).query(AgentAdministration::agent).list();
        long total = jdbc.sql("SELECT COUNT(*) FROM agent WHERE customer_id = ?").param(customerId).query(Long.class).single();
        return new Page<>(items, p, s, total);
    }

    /** Revokes an agent: its credential stops working at once (401), and the audit trail says who did it and why. */
    @Transactional
    public AgentView revoke(Actor actor, String agentId, String reason) {
        AgentView agent = jdbc.sql("SELECT " + AGENT_COLUMNS + " FROM agent WHERE id = ?").param(agentId)
                .query(AgentAdministration::agent).optional()
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
        jdbc.sql("UPDATE agent SET revoked_at = ?, revoked_by = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")
                .params(now(), actor.username(), why, agentId).update();
        audit.record(agent.customerId(), null, actor.username(), "AGENT_REVOKED", "agent " + agentId + " (" + agent.hostname() + "): " + why);
        return jdbc.sql("SELECT " + AGENT_COLUMNS + " FROM agent WHERE id = ?").param(agentId).query(AgentAdministration::agent).single();
    }

    @Transactional
    public IssuedToken issueToken(Actor actor, String customerId, TokenRequest request) {
        visible(actor, customerId);
        mayManage(actor);
        int hours = request == null || request.validForHours() == null ? 24 : request.validForHours();
        int uses = request == null || request.uses() == null ? 1 : request.uses();
        String label = request == null || request.label() == null ? null : request.label().strip();
        if (hours < 1 || Duration.ofHours(hours).compareTo(MAX_TOKEN_VALIDITY) > 0) {
            throw new InvalidInputException("validForHours", "validForHours is from 1 to " + MAX_TOKEN_VALIDITY.toHours());
        }
        if (uses < 1 || uses > 100_000) {
            throw new InvalidInputException("uses", "uses is from 1 to 100000");
        }
        if (label != null && label.length() > 200) {
            throw new InvalidInputException("label", "label is at most 200 characters");
        }
        String token = registry.issueEnrolmentToken(customerId, Duration.ofHours(hours), uses, actor.username());
        long id = jdbc.sql("SELECT id FROM enrolment_token WHERE token_hash = ?").param(Secrets.hash(token)).query(Long.class).single();
        if (label != null && !label.isEmpty()) {
            jdbc.sql("UPDATE enrolment_token SET label = ? WHERE id = ?").params(label, id).update();
        }
        OffsetDateTime expires = jdbc.sql("SELECT expires_at FROM enrolment_token WHERE id = ?").param(id)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).single();
        return new IssuedToken(id, token, expires, uses, label == null || label.isEmpty() ? null : label);
    }

    @Transactional(readOnly = true)
    public List<TokenView> tokens(Actor actor, String customerId) {
        visible(actor, customerId);
        mayManage(actor);
        return jdbc.sql("SELECT id, customer_id, label, created_by, created_at, expires_at, uses_left, revoked_at FROM enrolment_token "
                        + "WHERE customer_id = ? ORDER BY created_at DESC FETCH FIRST 200 ROWS ONLY")
                .param(customerId)
                .query((rs, n) -> new TokenView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getInt(7),
                        rs.getObject(8, OffsetDateTime.class)))
                .list();
    }

    @Transactional
    public void revokeToken(Actor actor, String customerId, long tokenId) {
        visible(actor, customerId);
        mayManage(actor);
        int updated = jdbc.sql("UPDATE enrolment_token SET revoked_at = ? WHERE id = ? AND customer_id = ? AND revoked_at IS NULL")
                .params(now(), tokenId, customerId).update();
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

    private static AgentView agent(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long asset = rs.getLong(4);
        Long assetId = rs.wasNull() ? null : asset;
        int protocol = rs.getInt(7);
        Integer protocolVersion = rs.wasNull() ? null : protocol;
        return new AgentView(rs.getString(1), rs.getString(2), rs.getString(3), assetId, rs.getBoolean(5), rs.getString(6), protocolVersion,
                rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getString(13));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
