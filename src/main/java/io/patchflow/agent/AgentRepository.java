package io.patchflow.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Agents and enrolment tokens: the {@code agent} and {@code enrolment_token} tables.
 * Secrets are only ever stored hashed.
 */
@Repository
class AgentRepository {

    private static final String AGENT_COLUMNS = "id, customer_id, hostname, asset_id, simulated, agent_version, protocol_version, "
            + "enrolled_at, last_seen_at, secret_rotated_at, revoked_at, revoked_by, revoked_reason";

    private final JdbcClient jdbc;

    AgentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- enrolment tokens ---

    record Token(long id, String customerId) {
    }

    void insertToken(String customerId, String tokenHash, OffsetDateTime expiresAt, int uses, String createdBy,
            OffsetDateTime now) {
        jdbc.sql(
                "INSERT INTO enrolment_token(customer_id, token_hash, expires_at, uses_left, created_by, created_at) VALUES (?,?,?,?,?,?)")
            .params(customerId, tokenHash, expiresAt, uses, createdBy, now)
            .update();
    }

    /**
     * The token with this hash if it may still enrol, locked for the rest of the
     * transaction.
     */
    Optional<Token> usableTokenForUpdate(String tokenHash, OffsetDateTime now) {
        return jdbc
            .sql("SELECT id, customer_id FROM enrolment_token WHERE token_hash = ? "
                    + "AND expires_at > ? AND uses_left > 0 AND revoked_at IS NULL FOR UPDATE")
            .params(tokenHash, now)
            .query((rs, n) -> new Token(rs.getLong(1), rs.getString(2)))
            .optional();
    }

    void useToken(long tokenId) {
        jdbc.sql("UPDATE enrolment_token SET uses_left = uses_left - 1 WHERE id = ?").param(tokenId).update();
    }

    long tokenIdByHash(String tokenHash) {
        return jdbc.sql("SELECT id FROM enrolment_token WHERE token_hash = ?")
            .param(tokenHash)
            .query(Long.class)
            .single();
    }

    void labelToken(long tokenId, String label) {
        jdbc.sql("UPDATE enrolment_token SET label = ? WHERE id = ?").params(label, tokenId).update();
    }

    OffsetDateTime tokenExpiry(long tokenId) {
        return jdbc.sql("SELECT expires_at FROM enrolment_token WHERE id = ?")
            .param(tokenId)
            .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
            .single();
    }

    /** The customer's latest 200 tokens, newest first. */
    List<AgentAdministration.TokenView> tokens(String customerId) {
        return jdbc.sql(
                "SELECT id, customer_id, label, created_by, created_at, expires_at, uses_left, revoked_at FROM enrolment_token "
                        + "WHERE customer_id = ? ORDER BY created_at DESC FETCH FIRST 200 ROWS ONLY")
            .param(customerId)
            .query((rs, n) -> new AgentAdministration.TokenView(rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                    rs.getInt(7), rs.getObject(8, OffsetDateTime.class)))
            .list();
    }

    /**
     * @return how many tokens were revoked (0 when there is no such unrevoked token of
     * the customer)
     */
    int revokeToken(long tokenId, String customerId, OffsetDateTime now) {
        return jdbc
            .sql("UPDATE enrolment_token SET revoked_at = ? WHERE id = ? AND customer_id = ? AND revoked_at IS NULL")
            .params(now, tokenId, customerId)
            .update();
    }

    // --- agents ---

    record Credential(String customerId, Long assetId, String hostname, String secretHash, boolean simulated,
            boolean revoked) {
    }

    void revokeAgentsOfAsset(long assetId, OffsetDateTime now) {
        jdbc.sql("UPDATE agent SET revoked_at = ? WHERE asset_id = ? AND revoked_at IS NULL")
            .params(now, assetId)
            .update();
    }

    void insertAgent(String agentId, String customerId, Long assetId, String hostname, String secretHash,
            boolean simulated, String agentVersion, OffsetDateTime now, int protocolVersion) {
        jdbc.sql(
                "INSERT INTO agent(id, customer_id, asset_id, hostname, secret_hash, simulated, agent_version, enrolled_at, "
                        + "protocol_version) VALUES (?,?,?,?,?,?,?,?,?)")
            .params(agentId, customerId, assetId, hostname, secretHash, simulated, agentVersion, now, protocolVersion)
            .update();
    }

    Optional<Credential> credential(String agentId) {
        return jdbc
            .sql("SELECT customer_id, asset_id, hostname, secret_hash, simulated, revoked_at FROM agent WHERE id = ?")
            .param(agentId)
            .query((rs, n) -> {
                long asset = rs.getLong(2);
                Long assetId = rs.wasNull() ? null : asset;
                return new Credential(rs.getString(1), assetId, rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getObject(6) != null);
            })
            .optional();
    }

    void heartbeat(String agentId, OffsetDateTime now, String agentVersion, int protocolVersion) {
        jdbc.sql(
                "UPDATE agent SET last_seen_at = ?, agent_version = COALESCE(?, agent_version), protocol_version = ? WHERE id = ?")
            .params(now, agentVersion, protocolVersion, agentId)
            .update();
    }

    void setReportedOs(String agentId, String os) {
        jdbc.sql("UPDATE agent SET reported_os = ? WHERE id = ?").params(os, agentId).update();
    }

    void seen(String agentId, OffsetDateTime now) {
        jdbc.sql("UPDATE agent SET last_seen_at = ? WHERE id = ?").params(now, agentId).update();
    }

    /**
     * @return 1 when the agent's secret was replaced, 0 when it is revoked
     */
    int rotateSecret(String agentId, String secretHash, OffsetDateTime now) {
        return jdbc.sql("UPDATE agent SET secret_hash = ?, secret_rotated_at = ? WHERE id = ? AND revoked_at IS NULL")
            .params(secretHash, now, agentId)
            .update();
    }

    List<AgentAdministration.AgentView> agentsOfCustomer(String customerId, int offset, int limit) {
        return jdbc
            .sql("SELECT " + AGENT_COLUMNS + " FROM agent WHERE customer_id = ? "
                    + "ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, hostname, enrolled_at DESC "
                    + "OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
            .params(customerId, offset, limit)
            .query(AgentRepository::agent)
            .list();
    }

    long countAgentsOfCustomer(String customerId) {
        return jdbc.sql("SELECT COUNT(*) FROM agent WHERE customer_id = ?")
            .param(customerId)
            .query(Long.class)
            .single();
    }

    Optional<AgentAdministration.AgentView> find(String agentId) {
        return jdbc.sql("SELECT " + AGENT_COLUMNS + " FROM agent WHERE id = ?")
            .param(agentId)
            .query(AgentRepository::agent)
            .optional();
    }

    void revoke(String agentId, OffsetDateTime now, String revokedBy, String reason) {
        jdbc.sql(
                "UPDATE agent SET revoked_at = ?, revoked_by = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")
            .params(now, revokedBy, reason, agentId)
            .update();
    }

    private static AgentAdministration.AgentView agent(ResultSet rs, int n) throws SQLException {
        long asset = rs.getLong(4);
        Long assetId = rs.wasNull() ? null : asset;
        int protocol = rs.getInt(7);
        Integer protocolVersion = rs.wasNull() ? null : protocol;
        return new AgentAdministration.AgentView(rs.getString(1), rs.getString(2), rs.getString(3), assetId,
                rs.getBoolean(5), rs.getString(6), protocolVersion, rs.getObject(8, OffsetDateTime.class),
                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getString(13));
    }

}
