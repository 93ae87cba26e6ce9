package io.patchflow.ticketing;

import java.util.Set;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.security.SecretBox;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * Admins choose and configure each customer's ticketing system (ADR 0046). Secrets are
 * sealed before they are stored and never shown again: a page or an answer says only
 * whether one is saved. Every save and removal is in the audit trail, without secrets.
 */
@Service
public class TicketingAdministration {

    public static final RoleRule CONFIGURE = RoleRule.anyOf("only admins configure ticketing systems", Role.ADMIN);

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };

    private final TicketingConnectionRepository connections;

    private final TicketingSystems systems;

    private final SecretBox box;

    private final ObjectMapper json;

    private final AuditTrail audit;

    TicketingAdministration(TicketingConnectionRepository connections, TicketingSystems systems, SecretBox box,
            ObjectMapper json, AuditTrail audit) {
        this.connections = connections;
        this.systems = systems;
        this.box = box;
        this.json = json;
        this.audit = audit;
    }

    /** The external systems this server has adapters for. */
    public List<String> systems() {
        return systems.externalNames();
    }

    /** The connections of the admin's customers. */
    public List<ConnectionView> list(Actor actor) {
        CONFIGURE.check(actor);
        return connections.ofCustomers(actor.sortedCustomerIds()).stream().map(this::view).toList();
    }

    public ConnectionView get(Actor actor, String customerId, String system) {
        CONFIGURE.check(actor);
        visible(actor, customerId);
        return connections.find(customerId, system)
            .map(this::view)
            .orElseThrow(() -> new NotFoundException("customer " + customerId + " has no " + system + " connection"));
    }

    @Transactional
    public ConnectionView save(Actor actor, String customerId, String system, ConnectionSpec spec) {
        CONFIGURE.check(actor);
        visible(actor, customerId);
        if (!systems.externalNames().contains(system)) {
            throw new InvalidInputException("system",
                    "no ticketing adapter named '" + system + "'; one of " + systems.externalNames());
        }
        if (spec == null) {
            throw new InvalidInputException("body", "send the connection: baseUrl, secret, settings");
        }
        var before = connections.find(customerId, system);
        String baseUrl = baseUrl(spec.baseUrl());
        String username = text("username", spec.username(), 200);
        Map<String, String> settings = settings(spec.settings());
        known(systems.named(system).settingNames(), system, settings);
        String secretSealed;
        boolean secretReplaced = spec.secret() != null && !spec.secret().isEmpty();
        if (secretReplaced) {
            secretSealed = box.seal(secret("secret", spec.secret(), 1, 2000), context(customerId, system, "secret"));
        }
        else {
            secretSealed = before.map(TicketingConnectionRepository.Row::secretSealed)
                .orElseThrow(() -> new InvalidInputException("secret",
                        "the first save of a connection needs its secret (API token, password or key)"));
        }
        String webhookSealed;
        if (spec.webhookSecret() == null) {
            webhookSealed = before.map(TicketingConnectionRepository.Row::webhookSecretSealed).orElse(null);
        }
        else if (spec.webhookSecret().isEmpty()) {
            webhookSealed = null;
        }
        else {
            webhookSealed = box.seal(secret("webhookSecret", spec.webhookSecret(), 16, 200),
                    context(customerId, system, "webhook"));
        }
        boolean active = spec.active() != null ? spec.active()
                : before.map(TicketingConnectionRepository.Row::active).orElse(false);
        if (active) {
            connections.deactivateOthers(customerId, system);
        }
        connections.save(new TicketingConnectionRepository.Row(customerId, system, baseUrl, username, secretSealed,
                write(settings), webhookSealed, active, actor.username(), OffsetDateTime.now(ZoneOffset.UTC)));
        audit.record(customerId, null, actor.username(), "TICKETING_CONNECTION_SAVED", system + " at " + baseUrl
                + (active ? ", active" : ", inactive") + (secretReplaced ? "; secret replaced" : "; secret kept")
                + (spec.webhookSecret() == null ? ""
                        : spec.webhookSecret().isEmpty() ? "; webhook secret removed" : "; webhook secret replaced"));
        return view(connections.find(customerId, system).orElseThrow());
    }

    @Transactional
    public void delete(Actor actor, String customerId, String system) {
        CONFIGURE.check(actor);
        visible(actor, customerId);
        if (!connections.delete(customerId, system)) {
            throw new NotFoundException("customer " + customerId + " has no " + system + " connection");
        }
        audit.record(customerId, null, actor.username(), "TICKETING_CONNECTION_REMOVED", system);
    }

    /**
     * Tries the saved connection by reading one ticket: what an admin does after saving.
     * The system's refusal is the answer's message (503), a ticket it does not know a
     * 400.
     */
    public TicketDetails tryConnection(Actor actor, String customerId, String system, String reference) {
        get(actor, customerId, system);
        io.patchflow.shared.TicketReference.check("reference", reference);
        try {
            return systems.named(system).find(customerId, reference);
        }
        catch (TicketNotFoundException e) {
            throw new InvalidInputException("reference",
                    system + " has no ticket " + reference + ": " + e.getMessage());
        }
        catch (TicketingException e) {
            throw new io.patchflow.shared.UnavailableException(e.getMessage(), e);
        }
    }

    /** The connection with its secrets opened, for the adapters. */
    java.util.Optional<TicketingConnection> open(String customerId, String system) {
        return connections.find(customerId, system).map(row -> {
            String secret = row.secretSealed() == null ? null
                    : box.open(row.secretSealed(), context(customerId, system, "secret"));
            String webhook = row.webhookSecretSealed() == null ? null
                    : box.open(row.webhookSecretSealed(), context(customerId, system, "webhook"));
            return new TicketingConnection(customerId, system, URI.create(row.baseUrl()), row.username(), secret,
                    read(row.settingsJson()), webhook);
        });
    }

    String activeSystem(String customerId) {
        return connections.activeSystem(customerId).orElse(BuiltInTicketingAdapter.SYSTEM);
    }

    private ConnectionView view(TicketingConnectionRepository.Row row) {
        return new ConnectionView(row.customerId(), row.system(), row.baseUrl(), row.username(),
                read(row.settingsJson()), row.secretSealed() != null, row.webhookSecretSealed() != null, row.active(),
                row.updatedBy(), row.updatedAt());
    }

    private static void visible(Actor actor, String customerId) {
        if (customerId == null || !actor.canSee(customerId)) {
            throw new NotFoundException("no customer " + customerId);
        }
    }

    /** What a sealed secret is bound to: a secret copied to another row does not open. */
    private static String context(String customerId, String system, String field) {
        return "ticketing|" + customerId + "|" + system + "|" + field;
    }

    static String baseUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("baseUrl",
                    "the system's address is required, e.g. https://acme.atlassian.net");
        }
        if (value.length() > 500) {
            throw new InvalidInputException("baseUrl", "the address is longer than 500 characters");
        }
        URI uri;
        try {
            uri = new URI(value.strip());
        }
        catch (URISyntaxException e) {
            throw new InvalidInputException("baseUrl", "not an address: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidInputException("baseUrl", "the address starts with https:// (or http://)");
        }
        if (uri.getHost() == null) {
            throw new InvalidInputException("baseUrl", "the address names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("baseUrl",
                    "no credentials in the address: they would be stored and shown in clear; use the secret field");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("baseUrl", "the address has no query or fragment");
        }
        return uri.toString();
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, field + " is longer than " + max + " characters");
        }
        if (CONTROL.matcher(value).find()) {
            throw new InvalidInputException(field, field + " holds a control character");
        }
        return value.strip();
    }

    private static String secret(String field, String value, int min, int max) {
        if (value.length() < min) {
            throw new InvalidInputException(field, field + " must be at least " + min + " characters");
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, field + " is longer than " + max + " characters");
        }
        if (CONTROL.matcher(value).find()) {
            throw new InvalidInputException(field, field + " holds a control character or a line break");
        }
        return value;
    }

    private static Map<String, String> settings(Map<String, String> given) {
        if (given == null) {
            return Map.of();
        }
        if (given.size() > 30) {
            throw new InvalidInputException("settings", "at most 30 settings");
        }
        Map<String, String> checked = new TreeMap<>();
        for (var e : given.entrySet()) {
            if (e.getKey() == null || !SETTING_NAME.matcher(e.getKey()).matches()) {
                throw new InvalidInputException("settings",
                        "a setting's name is letters, digits, '.', '_' or '-', starting with a letter: " + e.getKey());
            }
            String value = text("settings." + e.getKey(), e.getValue(), 500);
            if (value != null) {
                checked.put(e.getKey(), value);
            }
        }
        return checked;
    }

    /**
     * A setting the adapter does not read is a typo the admin would otherwise find late.
     */
    private static void known(Set<String> names, String system, Map<String, String> settings) {
        if (names.contains("*")) {
            return;
        }
        for (String name : settings.keySet()) {
            boolean known = names.stream()
                .anyMatch(n -> n.endsWith(".") ? name.startsWith(n) && name.length() > n.length() : n.equals(name));
            if (!known) {
                throw new InvalidInputException("settings",
                        system + " has no setting '" + name + "'"
                                + (names.isEmpty() ? "; it takes none"
                                        : "; it takes " + names.stream()
                                            .sorted()
                                            .map(n -> n.endsWith(".") ? n + "<…>" : n)
                                            .collect(java.util.stream.Collectors.joining(", "))));
            }
        }
    }

    private String write(Map<String, String> settings) {
        try {
            String text = json.writeValueAsString(settings);
            if (text.length() > 4000) {
                throw new InvalidInputException("settings", "the settings are longer than 4,000 characters together");
            }
            return text;
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String settings) {
        try {
            return new LinkedHashMap<>(json.readValue(settings, SETTINGS));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable settings in ticketing_connection", e);
        }
    }

}
