package io.patchflow.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.patchflow.inventory.Criticality;
import io.patchflow.patch.PatchType;
import io.patchflow.shared.InvalidInputException;

/**
 * A standard change template as people write it, e.g.
 * {@code {"name":"Monthly workstation updates",
 * "patchTypes":["SECURITY","MAINTENANCE"],"maxCriticality":"MEDIUM","rebootAllowed":true,"assetTag":"workstation"}}.
 */
public record TemplateSpec(String name, List<String> patchTypes, String maxCriticality, Boolean rebootAllowed,
        String assetTag) {

    public StandardTemplate toTemplate(String customerId) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 200) {
            throw new InvalidInputException("name", "name is required, at most 200 characters");
        }
        if (patchTypes == null || patchTypes.isEmpty()) {
            throw new InvalidInputException("patchTypes",
                    "patchTypes names at least one of " + List.of(PatchType.values()));
        }
        Set<PatchType> types = EnumSet.noneOf(PatchType.class);
        for (String type : patchTypes) {
            try {
                types.add(PatchType.valueOf(String.valueOf(type).strip().toUpperCase(Locale.ROOT)));
            }
            catch (IllegalArgumentException e) {
                throw new InvalidInputException("patchTypes",
                        "patch type '" + type + "' is not one of " + List.of(PatchType.values()));
            }
        }
        Criticality criticality;
        try {
            criticality = Criticality.valueOf(String.valueOf(maxCriticality).strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new InvalidInputException("maxCriticality",
                    "maxCriticality is one of " + List.of(Criticality.values()));
        }
        if (rebootAllowed == null) {
            throw new InvalidInputException("rebootAllowed", "rebootAllowed is true or false");
        }
        String tag = assetTag == null || assetTag.isBlank() ? null : assetTag.strip();
        if (tag != null && !tag.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,49}")) {
            // the same rule as tags in the inventory import
            throw new InvalidInputException("assetTag",
                    "assetTag '" + tag + "' is not a tag: at most 50 letters, digits, '.', '_', ':' or '-'");
        }
        return new StandardTemplate(0, customerId, n, types, criticality, rebootAllowed, tag);
    }
}
