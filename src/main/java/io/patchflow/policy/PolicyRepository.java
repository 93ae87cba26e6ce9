package io.patchflow.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.patchflow.inventory.Criticality;
import io.patchflow.patch.PatchType;

/**
 * Customer policies and standard change templates, in {@code customer_policy} and
 * {@code standard_template}.
 */
@Repository
class PolicyRepository {

    private static final String TEMPLATE_COLUMNS = "id, customer_id, name, patch_types, max_criticality, reboot_allowed, asset_tag";

    private final JdbcClient jdbc;

    PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer's policy, or the defaults; always with its templates. */
    CustomerPolicy policy(String customerId) {
        List<StandardTemplate> templates = templates(customerId);
        return jdbc
            .sql("SELECT sla_known_exploited, sla_critical, sla_high, sla_medium, sla_low, pilot_share_percent, bake_time, "
                    + "gate_threshold, backup_all_changes, proposals_enabled, bulk_approval_limit FROM customer_policy WHERE customer_id = ?")
            .param(customerId)
            .query((rs, n) -> new CustomerPolicy(customerId,
                    new CustomerPolicy.Sla(Duration.parse(rs.getString(1)), Duration.parse(rs.getString(2)),
                            Duration.parse(rs.getString(3)), Duration.parse(rs.getString(4)),
                            Duration.parse(rs.getString(5))),
                    new CustomerPolicy.RingPlan(rs.getInt(6), Duration.parse(rs.getString(7))), rs.getBigDecimal(8),
                    rs.getBoolean(9), rs.getBoolean(10), rs.getInt(11), templates, true))
            .optional()
            .orElseGet(() -> withTemplates(CustomerPolicy.defaults(customerId), templates));
    }

    /** The policies of many customers in two queries, for the proposal run. */
    Map<String, CustomerPolicy> policies(Collection<String> customerIds) {
        Map<String, CustomerPolicy> result = new HashMap<>();
        for (String id : customerIds) {
            result.put(id, CustomerPolicy.defaults(id));
        }
        if (customerIds.isEmpty()) {
            return result;
        }
        Map<String, List<StandardTemplate>> templates = jdbc
            .sql("SELECT " + TEMPLATE_COLUMNS + " FROM standard_template "
                    + "WHERE customer_id IN (:ids) ORDER BY name")
            .param("ids", customerIds)
            .query(PolicyRepository::template)
            .list()
            .stream()
            .collect(Collectors.groupingBy(StandardTemplate::customerId));
        jdbc.sql(
                "SELECT customer_id, sla_known_exploited, sla_critical, sla_high, sla_medium, sla_low, pilot_share_percent, "
                        + "bake_time, gate_threshold, backup_all_changes, proposals_enabled, bulk_approval_limit FROM customer_policy WHERE customer_id IN (:ids)")
            .param("ids", customerIds)
            .query(rs -> {
                result.put(rs.getString(1), new CustomerPolicy(rs.getString(1),
                        new CustomerPolicy.Sla(Duration.parse(rs.getString(2)), Duration.parse(rs.getString(3)),
                                Duration.parse(rs.getString(4)), Duration.parse(rs.getString(5)),
                                Duration.parse(rs.getString(6))),
                        new CustomerPolicy.RingPlan(rs.getInt(7), Duration.parse(rs.getString(8))), rs.getBigDecimal(9),
                        rs.getBoolean(10), rs.getBoolean(11), rs.getInt(12), List.of(), true));
            });
        result.replaceAll((id, policy) -> withTemplates(policy, templates.getOrDefault(id, List.of())));
        return result;
    }

    void save(CustomerPolicy policy, String updatedBy) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        CustomerPolicy.Sla sla = policy.sla();
        int updated = jdbc
            .sql("UPDATE customer_policy SET sla_known_exploited = ?, sla_critical = ?, sla_high = ?, sla_medium = ?, "
                    + "sla_low = ?, pilot_share_percent = ?, bake_time = ?, gate_threshold = ?, backup_all_changes = ?, "
                    + "proposals_enabled = ?, bulk_approval_limit = ?, updated_by = ?, updated_at = ? WHERE customer_id = ?")
            .params(sla.knownExploited().toString(), sla.critical().toString(), sla.high().toString(),
                    sla.medium().toString(), sla.low().toString(), policy.rings().pilotSharePercent(),
                    policy.rings().bakeTime().toString(), policy.gateThreshold(), policy.backupAllChanges(),
                    policy.proposalsEnabled(), policy.bulkApprovalLimit(), updatedBy, now, policy.customerId())
            .update();
        if (updated == 0) {
            jdbc.sql(
                    "INSERT INTO customer_policy(customer_id, sla_known_exploited, sla_critical, sla_high, sla_medium, sla_low, "
                            + "pilot_share_percent, bake_time, gate_threshold, backup_all_changes, proposals_enabled, bulk_approval_limit, "
                            + "updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(policy.customerId(), sla.knownExploited().toString(), sla.critical().toString(),
                        sla.high().toString(), sla.medium().toString(), sla.low().toString(),
                        policy.rings().pilotSharePercent(), policy.rings().bakeTime().toString(),
                        policy.gateThreshold(), policy.backupAllChanges(), policy.proposalsEnabled(),
                        policy.bulkApprovalLimit(), updatedBy, now)
                .update();
        }
    }

    List<StandardTemplate> templates(String customerId) {
        return jdbc.sql("SELECT " + TEMPLATE_COLUMNS + " FROM standard_template WHERE customer_id = ? ORDER BY name")
            .param(customerId)
            .query(PolicyRepository::template)
            .list();
    }

    Optional<StandardTemplate> template(long id) {
        return jdbc.sql("SELECT " + TEMPLATE_COLUMNS + " FROM standard_template WHERE id = ?")
            .param(id)
            .query(PolicyRepository::template)
            .optional();
    }

    long createTemplate(StandardTemplate template, String createdBy) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                "INSERT INTO standard_template(customer_id, name, patch_types, max_criticality, reboot_allowed, asset_tag, created_by, "
                        + "created_at) VALUES (?,?,?,?,?,?,?,?)")
            .params(template.customerId(), template.name(),
                    template.patchTypes().stream().sorted().map(Enum::name).collect(Collectors.joining(",")),
                    template.maxCriticality().name(), template.rebootAllowed(), template.assetTag(), createdBy,
                    OffsetDateTime.now(ZoneOffset.UTC))
            .update(keys, "id");
        return keys.getKey().longValue();
    }

    void deleteTemplate(long id) {
        jdbc.sql("DELETE FROM standard_template WHERE id = ?").param(id).update();
    }

    private static CustomerPolicy withTemplates(CustomerPolicy policy, List<StandardTemplate> templates) {
        return new CustomerPolicy(policy.customerId(), policy.sla(), policy.rings(), policy.gateThreshold(),
                policy.backupAllChanges(), policy.proposalsEnabled(), policy.bulkApprovalLimit(), templates,
                policy.stored());
    }

    private static StandardTemplate template(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Set<PatchType> types = EnumSet.noneOf(PatchType.class);
        Arrays.stream(rs.getString(4).split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(PatchType::valueOf)
            .forEach(types::add);
        return new StandardTemplate(rs.getLong(1), rs.getString(2), rs.getString(3), types,
                Criticality.valueOf(rs.getString(5)), rs.getBoolean(6), rs.getString(7));
    }

    static BigDecimal rate(double value) {
        return BigDecimal.valueOf(value);
    }

}
