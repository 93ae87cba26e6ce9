package io.patchflow.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.audit.AuditTrail;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/** Reading and changing a customer's policy and its standard change templates. */
@Service
public class Policies {

    /**
     * Who changes a customer's policy; the policy page offers its forms by the same rule.
     */
    public static final RoleRule CHANGE = RoleRule
        .anyOf("only change managers and administrators change a customer's policy", Role.CHANGE_MANAGER, Role.ADMIN);

    private final PolicyRepository policies;

    private final Customers customers;

    private final AuditTrail audit;

    Policies(PolicyRepository policies, Customers customers, AuditTrail audit) {
        this.policies = policies;
        this.customers = customers;
        this.audit = audit;
    }

    /** The customer's policy, or the defaults; always with its templates. */
    public CustomerPolicy policy(String customerId) {
        return policies.policy(customerId);
    }

    /** The policies of these customers, in one go. */
    public Map<String, CustomerPolicy> policies(Collection<String> customerIds) {
        return policies.policies(customerIds);
    }

    /**
     * Stores a policy without asking who may: for set-up code (the demo data, the
     * benchmark), never for people.
     */
    @Transactional
    public void install(CustomerPolicy policy, String by) {
        policies.save(policy, by);
    }

    /**
     * Stores a standard change template without asking who may: for set-up code, never
     * for people.
     */
    @Transactional
    public long installTemplate(StandardTemplate template, String by) {
        return policies.createTemplate(template, by);
    }

    /**
     * What the API and the policy page show: the policy as written, whether it is the
     * defaults, and the templates.
     */
    public record PolicyView(String customerId, PolicySpec policy, boolean defaults, List<StandardTemplate> templates) {

        static PolicyView of(CustomerPolicy policy) {
            return new PolicyView(policy.customerId(), PolicySpec.of(policy), !policy.stored(), policy.templates());
        }
    }

    @Transactional(readOnly = true)
    public PolicyView view(Actor actor, String customerId) {
        visible(actor, customerId);
        return PolicyView.of(policies.policy(customerId));
    }

    /**
     * Change managers and administrators set the whole policy at once; every field is
     * checked first.
     */
    @Transactional
    public PolicyView update(Actor actor, String customerId, PolicySpec spec) {
        mayChange(actor, customerId);
        if (spec == null) {
            throw new InvalidInputException("policy", "send the policy as JSON, e.g. " + example());
        }
        CustomerPolicy before = policies.policy(customerId);
        CustomerPolicy after = spec.toPolicy(customerId, before.templates(), before.bulkApprovalLimit());
        policies.save(after, actor.username());
        audit.record(customerId, null, actor.username(), "POLICY_CHANGED",
                describe(PolicySpec.of(before)) + " → " + describe(PolicySpec.of(after)));
        return PolicyView.of(policies.policy(customerId));
    }

    @Transactional
    public StandardTemplate createTemplate(Actor actor, String customerId, TemplateSpec spec) {
        mayChange(actor, customerId);
        if (spec == null) {
            throw new InvalidInputException("template",
                    "send the template as JSON with name, patchTypes, maxCriticality, rebootAllowed");
        }
        StandardTemplate template = spec.toTemplate(customerId);
        if (policies.templates(customerId).stream().anyMatch(t -> t.name().equalsIgnoreCase(template.name()))) {
            throw new InvalidInputException("name",
                    "customer " + customerId + " already has a template named '" + template.name() + "'");
        }
        long id;
        try {
            id = policies.createTemplate(template, actor.username());
        }
        catch (DuplicateKeyException e) {
            throw new InvalidInputException("name",
                    "customer " + customerId + " already has a template named '" + template.name() + "'");
        }
        audit.record(customerId, null, actor.username(), "TEMPLATE_CREATED",
                "'" + template.name() + "': " + template.patchTypes() + " up to " + template.maxCriticality()
                        + " criticality, reboot " + (template.rebootAllowed() ? "allowed" : "not allowed")
                        + (template.assetTag() == null ? "" : ", assets tagged " + template.assetTag()));
        return policies.template(id).orElseThrow();
    }

    @Transactional
    public void deleteTemplate(Actor actor, String customerId, long templateId) {
        mayChange(actor, customerId);
        StandardTemplate template = policies.template(templateId)
            .filter(t -> t.customerId().equals(customerId))
            .orElseThrow(() -> new NotFoundException("customer " + customerId + " has no template " + templateId));
        policies.deleteTemplate(templateId);
        audit.record(customerId, null, actor.username(), "TEMPLATE_DELETED", "'" + template.name() + "'");
    }

    public static String example() {
        return "{\"slaKnownExploited\":\"PT48H\",\"slaCritical\":\"P7D\",\"slaHigh\":\"P14D\",\"slaMedium\":\"P30D\",\"slaLow\":\"P90D\","
                + "\"pilotSharePercent\":10,\"bakeTime\":\"PT24H\",\"gateThreshold\":0.9,\"backupAllChanges\":false,\"proposalsEnabled\":true,"
                + "\"bulkApprovalLimit\":20}";
    }

    private void visible(Actor actor, String customerId) {
        if (!actor.canSee(customerId) || customers.find(customerId).isEmpty()) {
            throw new NotFoundException("no customer " + customerId);
        }
    }

    private void mayChange(Actor actor, String customerId) {
        visible(actor, customerId);
        CHANGE.check(actor);
    }

    private static String describe(PolicySpec p) {
        return "SLA KEV " + p.slaKnownExploited() + ", critical " + p.slaCritical() + ", high " + p.slaHigh()
                + ", medium " + p.slaMedium() + ", low " + p.slaLow() + "; pilot " + p.pilotSharePercent() + "%, bake "
                + p.bakeTime() + "; gate " + p.gateThreshold() + "; backup all " + p.backupAllChanges() + "; proposals "
                + p.proposalsEnabled() + "; bulk approval limit " + p.bulkApprovalLimit();
    }

}
