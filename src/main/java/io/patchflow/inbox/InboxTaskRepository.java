package io.patchflow.inbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.patchflow.approval.ApprovalStep;
import io.patchflow.change.ChangeId;
import io.patchflow.security.Actor;

import io.patchflow.shared.DateTimes;

/**
 * The inbox's index of open user tasks ({@code inbox_task}) and people's saved filters
 * ({@code inbox_saved_filter}). The change's attributes are read from its tables when a
 * task is indexed (ADR 0036); a task's candidate groups are kept on its row (ADR 0041).
 */
@Repository
class InboxTaskRepository {

    private static final String COLUMNS = "t.task_id, t.task_key, t.name, t.change_id, t.customer_id, t.created_at, "
            + "t.due_at, t.assignee, t.title, t.requester, t.change_type, t.risk_level, t.sla_due_at, "
            + "t.known_exploited, t.decision_step";

    private final JdbcClient jdbc;

    /**
     * Whether the database is PostgreSQL, which plans the inbox's queries per call
     * (below).
     */
    private final boolean postgres;

    InboxTaskRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        try (Connection connection = dataSource.getConnection()) {
            this.postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        }
        catch (SQLException e) {
            throw new IllegalStateException("the database could not be reached to learn what it is", e);
        }
    }

    /**
     * On PostgreSQL, the rest of the transaction plans each statement for its own
     * parameters (ADR 0041). A plan cached for any parameters guesses how many tasks a
     * person's groups hold, and a guess of one row turns the four-eyes anti-join into
     * 100,000 index probes (measured: 146-210 ms per count instead of 28-41 ms).
     */
    private void planForTheseParameters() {
        if (postgres) {
            jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
        }
    }

    /**
     * Indexes the task with its change's title, requester, type, risk, SLA deadline and
     * whether a patch of it fixes a known-exploited CVE; a task indexed before is
     * replaced.
     */
    void insert(IndexedTask task) {
        delete(task.taskId());
        jdbc.sql("INSERT INTO inbox_task (task_id, change_id, customer_id, task_key, name, created_at, due_at, "
                + "assignee, four_eyes, decision_step, approval_round, title, requester, change_type, risk_level, "
                + "sla_due_at, known_exploited, offered_to, risk_rank) "
                + "SELECT :task, c.id, :customer, :key, :name, :created, :due, :assignee, :fourEyes, :step, :round, "
                + "c.title, c.requester, c.change_type, c.risk_level, c.sla_due_at, "
                + "CASE WHEN EXISTS (SELECT 1 FROM change_patch cp JOIN patch_cve pc ON pc.patch_id = cp.patch_id "
                + "LEFT JOIN kev_entry k ON k.cve_id = pc.cve_id "
                + "WHERE cp.change_id = c.id AND (pc.known_exploited OR k.cve_id IS NOT NULL)) THEN TRUE ELSE FALSE END, "
                + ":offeredTo, " + riskRank("c.risk_level") + " FROM change_request c WHERE c.id = :change")
            .param("task", task.taskId())
            .param("customer", task.customerId())
            .param("key", task.taskKey())
            .param("name", task.name() == null ? task.taskKey() : task.name())
            .param("created", DateTimes.column(task.created()))
            .param("due", DateTimes.column(task.due()))
            .param("assignee", task.assignee())
            .param("fourEyes", task.fourEyes())
            .param("step", task.decisionStep() == null ? null : task.decisionStep().name())
            .param("round", task.approvalRound())
            .param("change", task.changeId().value())
            .param("offeredTo", offeredTo(task.candidateGroups()))
            .update();
    }

    /**
     * The task is offered to one more group (an escalation); a group it has is not added
     * twice.
     */
    void addGroup(String taskId, String group) {
        jdbc.sql("UPDATE inbox_task SET offered_to = COALESCE(offered_to, '|') || ? || '|' "
                + "WHERE task_id = ? AND (offered_to IS NULL OR offered_to NOT LIKE ? ESCAPE '!')")
            .params(token(group), taskId, offeredToPattern(group))
            .update();
    }

    /**
     * A task's candidate groups as stored on its row: {@code |g1|g2|}, each group id
     * {@linkplain #token encoded} so that it holds no {@code |}; null for none.
     */
    static String offeredTo(List<String> groups) {
        if (groups.isEmpty()) {
            return null;
        }
        StringBuilder offeredTo = new StringBuilder("|");
        groups.stream().distinct().forEach(group -> offeredTo.append(token(group)).append('|'));
        return offeredTo.toString();
    }

    /**
     * A group id with {@code %} and {@code |} percent-encoded: never a {@code |} in it.
     */
    static String token(String group) {
        return group.replace("%", "%25").replace("|", "%7C");
    }

    /**
     * The {@code LIKE} pattern (escape character {@code !}) that matches an
     * {@link #offeredTo} holding the group.
     */
    static String offeredToPattern(String group) {
        String literal = token(group).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%|" + literal + "|%";
    }

    private static String riskRank(String column) {
        return "CASE " + column + " WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 3 "
                + "ELSE 4 END";
    }

    void assign(String taskId, String assignee) {
        jdbc.sql("UPDATE inbox_task SET assignee = ? WHERE task_id = ?").params(assignee, taskId).update();
    }

    void delete(String taskId) {
        jdbc.sql("DELETE FROM inbox_task WHERE task_id = ?").param(taskId).update();
    }

    void deleteAll() {
        jdbc.sql("DELETE FROM inbox_task").update();
    }

    List<OpenDecisionTask> openTasks(String customerId, ApprovalStep step, Instant createdUntil) {
        return jdbc
            .sql("SELECT task_id, change_id, customer_id, approval_round, assignee, created_at FROM inbox_task "
                    + "WHERE customer_id = ? AND decision_step = ? AND created_at <= ? ORDER BY created_at, task_id")
            .params(customerId, step.name(), DateTimes.column(createdUntil))
            .query(InboxTaskRepository::openTask)
            .list();
    }

    List<OpenDecisionTask> openTasks(ChangeId change, ApprovalStep step) {
        return jdbc
            .sql("SELECT task_id, change_id, customer_id, approval_round, assignee, created_at FROM inbox_task "
                    + "WHERE change_id = ? AND decision_step = ? ORDER BY created_at, task_id")
            .params(change.value(), step.name())
            .query(InboxTaskRepository::openTask)
            .list();
    }

    private static OpenDecisionTask openTask(ResultSet rs, int n) throws SQLException {
        return new OpenDecisionTask(rs.getString(1), new ChangeId(rs.getLong(2)), rs.getString(3), rs.getInt(4),
                rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant());
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM inbox_task").query(Long.class).single();
    }

    /** A page of the tasks the query selects for the person, in the query's order. */
    List<InboxItem> page(Actor actor, InboxQuery query, Instant now, boolean offered) {
        planForTheseParameters();
        Where where = where(actor, query, now, offered, true);
        return jdbc
            .sql("SELECT " + COLUMNS + " FROM inbox_task t WHERE " + where.sql + " ORDER BY " + order(query.sort())
                    + " LIMIT :limit OFFSET :offset")
            .params(where.params)
            .param("limit", query.size())
            .param("offset", (long) query.page() * query.size())
            .query(InboxTaskRepository::item)
            .list();
    }

    long total(Actor actor, InboxQuery query, Instant now, boolean offered) {
        planForTheseParameters();
        Where where = where(actor, query, now, offered, true);
        return jdbc.sql("SELECT count(*) FROM inbox_task t WHERE " + where.sql)
            .params(where.params)
            .query(Long.class)
            .single();
    }

    /**
     * How many of the person's tasks (of the query's scope and customer, whatever its
     * other filters) each filter would show.
     */
    Map<String, Long> counts(Actor actor, InboxQuery query, Instant now, boolean offered) {
        planForTheseParameters();
        Where where = where(actor, query, now, offered, false);
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        sql.append(", SUM(CASE WHEN t.due_at < :now THEN 1 ELSE 0 END)");
        sql.append(", SUM(CASE WHEN t.due_at >= :now AND t.due_at < :tomorrow THEN 1 ELSE 0 END)");
        sql.append(", SUM(CASE WHEN t.known_exploited THEN 1 ELSE 0 END)");
        sql.append(", SUM(CASE WHEN t.assignee = :me THEN 1 ELSE 0 END)");
        for (String risk : List.of("LOW", "MEDIUM", "HIGH", "CRITICAL")) {
            sql.append(", SUM(CASE WHEN t.risk_level = '").append(risk).append("' THEN 1 ELSE 0 END)");
        }
        for (String type : List.of("STANDARD", "NORMAL", "EMERGENCY")) {
            sql.append(", SUM(CASE WHEN t.change_type = '").append(type).append("' THEN 1 ELSE 0 END)");
        }
        sql.append(" FROM inbox_task t WHERE ").append(where.sql);
        return jdbc.sql(sql.toString()).params(where.params).query((rs, n) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            String[] names = { "all", "overdue", "today", "kev", "mine", "risk:LOW", "risk:MEDIUM", "risk:HIGH",
                    "risk:CRITICAL", "type:STANDARD", "type:NORMAL", "type:EMERGENCY" };
            for (int i = 0; i < names.length; i++) {
                counts.put(names[i], rs.getLong(i + 1));
            }
            return counts;
        }).single();
    }

    Map<String, String> savedFilters(String username) {
        Map<String, String> filters = new LinkedHashMap<>();
        jdbc.sql("SELECT name, query FROM inbox_saved_filter WHERE username = ? ORDER BY name")
            .param(username)
            .query((rs, n) -> filters.put(rs.getString(1), rs.getString(2)))
            .list();
        return filters;
    }

    int countSavedFilters(String username) {
        return jdbc.sql("SELECT count(*) FROM inbox_saved_filter WHERE username = ?")
            .param(username)
            .query(Integer.class)
            .single();
    }

    void saveFilter(String username, String name, String query) {
        jdbc.sql("DELETE FROM inbox_saved_filter WHERE username = ? AND name = ?").params(username, name).update();
        jdbc.sql("INSERT INTO inbox_saved_filter (username, name, query) VALUES (?, ?, ?)")
            .params(username, name, query)
            .update();
    }

    boolean deleteFilter(String username, String name) {
        return jdbc.sql("DELETE FROM inbox_saved_filter WHERE username = ? AND name = ?")
            .params(username, name)
            .update() > 0;
    }

    private record Where(String sql, Map<String, Object> params) {
    }

    /**
     * Who may see the task (as the engine's task query: their customers, and assigned to
     * them or unclaimed and offered to one of their groups), without the tasks the
     * approval rules would refuse them (ADR 0032: a four-eyes task of a change they
     * requested, a CAB seat of a round they voted in), then the query's filters. With
     * {@code offered} false (the person is away, ADR 0039) only tasks assigned to them.
     */
    private static Where where(Actor actor, InboxQuery query, Instant now, boolean offered, boolean filters) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder("t.customer_id IN (:customers)");
        params.put("customers", actor.customerIds().isEmpty() ? List.of("") : actor.sortedCustomerIds());
        params.put("me", actor.username());
        params.put("now", DateTimes.column(now));
        params.put("tomorrow", DateTimes
            .column(LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        String toGroups = "FALSE";
        if (offered && !actor.groupIds().isEmpty()) {
            List<String> groups = actor.groupIds().stream().sorted().toList();
            StringBuilder anyGroup = new StringBuilder();
            for (int i = 0; i < groups.size(); i++) {
                anyGroup.append(i == 0 ? "" : " OR ")
                    .append("t.offered_to LIKE :group")
                    .append(i)
                    .append(" ESCAPE '!'");
                params.put("group" + i, offeredToPattern(groups.get(i)));
            }
            toGroups = "(t.assignee IS NULL AND (" + anyGroup + "))";
        }
        switch (query.scope()) {
            case "mine" -> sql.append(" AND t.assignee = :me");
            case "groups" -> sql.append(" AND ").append(toGroups);
            default -> sql.append(" AND (t.assignee = :me OR ").append(toGroups).append(')');
        }
        // the four-eyes rule as conditions on the row and one anti-join, never a subquery
        // under
        // an OR (ADR 0041)
        sql.append(" AND (NOT t.four_eyes OR t.requester <> :me) AND NOT EXISTS (SELECT 1 FROM approval a "
                + "WHERE a.decided_by = :me AND a.step = 'CAB_VOTE' AND a.change_id = t.change_id "
                + "AND a.round_no = t.approval_round AND t.four_eyes AND t.decision_step = 'CAB_VOTE')");
        if (query.customer() != null) {
            sql.append(" AND t.customer_id = :customer");
            params.put("customer", query.customer());
        }
        if (!filters) {
            return new Where(sql.toString(), params);
        }
        if (query.type() != null) {
            sql.append(" AND t.change_type = :type");
            params.put("type", query.type());
        }
        if (query.risk() != null) {
            sql.append(" AND t.risk_level = :risk");
            params.put("risk", query.risk());
        }
        if (query.kev()) {
            sql.append(" AND t.known_exploited");
        }
        if ("overdue".equals(query.due())) {
            sql.append(" AND t.due_at < :now");
        }
        else if ("today".equals(query.due())) {
            sql.append(" AND t.due_at >= :now AND t.due_at < :tomorrow");
        }
        if (query.patchType() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM change_patch cp JOIN patch p ON p.id = cp.patch_id "
                    + "WHERE cp.change_id = t.change_id AND p.patch_type = :patchType)");
            params.put("patchType", query.patchType());
        }
        if (query.cve() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM change_patch cp JOIN patch_cve pc ON pc.patch_id = cp.patch_id "
                    + "WHERE cp.change_id = t.change_id AND pc.cve_id = :cve)");
            params.put("cve", query.cve());
        }
        if (query.asset() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM change_asset ca JOIN asset a ON a.id = ca.asset_id "
                    + "WHERE ca.change_id = t.change_id AND LOWER(a.hostname) = :asset)");
            params.put("asset", query.asset().toLowerCase(java.util.Locale.ROOT));
        }
        return new Where(sql.toString(), params);
    }

    private static String order(String sort) {
        String byDue = "t.due_at ASC NULLS LAST, t.created_at, t.task_id";
        return switch (sort) {
            case "risk" -> "t.risk_rank, " + byDue;
            case "customer" -> "t.customer_id, " + byDue;
            case "age" -> "t.created_at, t.task_id";
            default -> byDue;
        };
    }

    private static InboxItem item(ResultSet rs, int n) throws SQLException {
        return new InboxItem(rs.getString(1), rs.getString(3), rs.getString(2), new ChangeId(rs.getLong(4)),
                rs.getString(5), instant(rs.getObject(6, OffsetDateTime.class)),
                instant(rs.getObject(7, OffsetDateTime.class)), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), instant(rs.getObject(13, OffsetDateTime.class)), rs.getBoolean(14),
                rs.getString(15) == null ? null : ApprovalStep.valueOf(rs.getString(15)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

}
