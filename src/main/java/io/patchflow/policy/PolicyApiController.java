package io.patchflow.policy;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.security.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Policy",
        description = "Per customer: SLA deadlines, ring plan, wave gate, backups, proposals, standard change templates")
@RestController
@RequestMapping("/api/customers/{customerId}/policy")
class PolicyApiController {

    private final Policies policies;

    PolicyApiController(Policies policies) {
        this.policies = policies;
    }

    @Operation(
            summary = "The customer's policy (the defaults until someone sets one) and its standard change templates")
    @GetMapping
    Policies.PolicyView get(Actor actor, @PathVariable String customerId) {
        return policies.view(actor, customerId);
    }

    @Operation(summary = "Set the whole policy (change manager, administrator). Durations are ISO 8601. Example: "
            + "{\"slaKnownExploited\":\"PT48H\",\"slaCritical\":\"P7D\",\"slaHigh\":\"P14D\",\"slaMedium\":\"P30D\",\"slaLow\":\"P90D\","
            + "\"pilotSharePercent\":10,\"bakeTime\":\"PT24H\",\"gateThreshold\":0.9,\"backupAllChanges\":false,\"proposalsEnabled\":true}")
    @PutMapping
    Policies.PolicyView put(Actor actor, @PathVariable String customerId,
            @RequestBody(required = false) PolicySpec spec) {
        return policies.update(actor, customerId, spec);
    }

    @Operation(
            summary = "Add a standard change template (change manager, administrator). Example: {\"name\":\"Monthly workstation "
                    + "updates\",\"patchTypes\":[\"SECURITY\",\"MAINTENANCE\"],\"maxCriticality\":\"MEDIUM\",\"rebootAllowed\":true,"
                    + "\"assetTag\":\"workstation\"}")
    @PostMapping("/templates")
    @ResponseStatus(HttpStatus.CREATED)
    StandardTemplate createTemplate(Actor actor, @PathVariable String customerId,
            @RequestBody(required = false) TemplateSpec spec) {
        return policies.createTemplate(actor, customerId, spec);
    }

    @Operation(
            summary = "Remove a standard change template (change manager, administrator); running changes keep their type")
    @DeleteMapping("/templates/{templateId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteTemplate(Actor actor, @PathVariable String customerId, @PathVariable long templateId) {
        policies.deleteTemplate(actor, customerId, templateId);
    }

}
