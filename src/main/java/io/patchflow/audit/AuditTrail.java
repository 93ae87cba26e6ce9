package io.patchflow.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.patchflow.shared.Text;

/**
 * The append-only record of every decision and state change. Written in the same transaction as
 * the change it describes, so the trail and the data never disagree.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final int MAX_DETAIL = 2000;
    private static final int MAX_ACTOR = 100;

    private final JdbcClient jdbc;

    public AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String customerId, Long changeId, String actor, String kind, String detail) {
        // details and even actors (a user name someone typed) can quote outside input
        String printable = Text.printable(detail);
        String text = printable == null ? null : printable.length() > MAX_DETAIL ? printable.substring(0, MAX_DETAIL) : printable;
        String who = actor == null ? "unknown" : Text.printable(actor);
        actor = who.length() > MAX_ACTOR ? who.substring(0, MAX_ACTOR) : who;
        jdbc.sql("INSERT INTO audit_event(customer_id, change_id, occurred_at, actor, kind, detail) VALUES (?,?,?,?,?,?)")
                .params(customerId, changeId, OffsetDateTime.now(ZoneOffset.UTC), actor, kind, text)
                .update();
        log.info("audit change={} actor={} kind={} {}", changeId, actor, kind, text);
    }

    public List<AuditEvent> ofChange(long changeId) {
        return jdbc.sql("SELECT id, customer_id, change_id, occurred_at, actor, kind, detail FROM audit_event "
                        + "WHERE change_id = ? ORDER BY id")
                .param(changeId)
                .query((rs, n) -> new AuditEvent(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }
}
