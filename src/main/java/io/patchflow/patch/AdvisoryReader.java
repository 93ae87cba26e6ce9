package io.patchflow.patch;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.JsonFaults;
import io.patchflow.vulnerability.CveIds;

/**
 * Reads an advisory file and checks every field before anything is imported. The first
 * problem is reported with its place in the file
 * ({@code advisories[3].packages[0].version}), in the field {@code file}.
 */
final class AdvisoryReader {

    static final int MAX_ADVISORIES = 20_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._:~-]{0,199}");

    private final ObjectMapper json;

    AdvisoryReader(ObjectMapper json) {
        this.json = json;
    }

    List<Advisory> read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = json.readTree(in);
        }
        catch (JsonProcessingException e) {
            throw bad("the file is not JSON (" + e.getOriginalMessage() + JsonFaults.where(e) + ")");
        }
        if (root == null || !root.path("advisories").isArray()) {
            throw bad("the file is a JSON object with an array \"advisories\"");
        }
        JsonNode list = root.get("advisories");
        if (list.isEmpty()) {
            throw bad("\"advisories\" is empty");
        }
        if (list.size() > MAX_ADVISORIES) {
            throw bad("at most " + MAX_ADVISORIES + " advisories per file, this one has " + list.size());
        }
        List<Advisory> advisories = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Advisory advisory = advisory("advisories[" + i + "]", list.get(i));
            if (!ids.add(advisory.id())) {
                throw bad("advisories[" + i + "].id: advisory " + advisory.id() + " appears twice in the file");
            }
            advisories.add(advisory);
        }
        return advisories;
    }

    private static Advisory advisory(String at, JsonNode node) {
        if (!node.isObject()) {
            throw bad(at + ": an advisory is a JSON object");
        }
        String id = text(at + ".id", node, true, 100);
        if (!ID.matcher(id).matches()) {
            throw bad(at + ".id: '" + id + "' is not an advisory id (letters, digits, '.', '_', ':', '-')");
        }
        String vendor = text(at + ".vendor", node, true, 100);
        String title = text(at + ".title", node, true, 300);
        LocalDate published = null;
        String date = text(at + ".published", node, false, 10);
        if (date != null) {
            try {
                published = LocalDate.parse(date);
            }
            catch (DateTimeParseException e) {
                throw bad(at + ".published: '" + date + "' is not a date like 2025-07-08");
            }
        }
        String typeText = text(at + ".type", node, true, 20);
        PatchType type;
        try {
            type = PatchType.valueOf(typeText.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw bad(at + ".type: '" + typeText + "' is not one of " + List.of(PatchType.values()));
        }
        boolean reboot = false;
        if (node.has("rebootRequired")) {
            if (!node.get("rebootRequired").isBoolean()) {
                throw bad(at + ".rebootRequired: true or false");
            }
            reboot = node.get("rebootRequired").asBoolean();
        }
        boolean debian = isDebianLike(vendor);
        List<Advisory.Package> packages = new ArrayList<>();
        JsonNode pkgs = node.path("packages");
        if (!pkgs.isArray() || pkgs.isEmpty()) {
            throw bad(at + ".packages: at least one {\"name\":…,\"version\":…}");
        }
        for (int j = 0; j < pkgs.size(); j++) {
            String where = at + ".packages[" + j + "]";
            String name = text(where + ".name", pkgs.get(j), true, 200);
            if (!PACKAGE.matcher(name).matches()) {
                throw bad(where + ".name: '" + name + "' is not a package name");
            }
            String version = text(where + ".version", pkgs.get(j), true, 100);
            if (debian) {
                try {
                    DebianVersion.parse(version);
                }
                catch (IllegalArgumentException e) {
                    throw bad(where + ".version: '" + version + "' is not a Debian version: " + e.getMessage());
                }
            }
            if (PatchRepository.vendorId(vendor, name, version).length() > 100) {
                throw bad(where + ": vendor, package and version together are longer than 100 characters");
            }
            packages.add(new Advisory.Package(name, version));
        }
        List<Advisory.AdvisoryCve> cves = new ArrayList<>();
        JsonNode cveList = node.path("cves");
        if (!cveList.isMissingNode() && !cveList.isArray()) {
            throw bad(at + ".cves: an array of {\"id\":\"CVE-…\",\"cvss\":9.1}");
        }
        for (int j = 0; j < cveList.size(); j++) {
            String where = at + ".cves[" + j + "]";
            String cve = CveIds.normalize(text(where + ".id", cveList.get(j), true, 30));
            if (!CveIds.isValid(cve)) {
                throw bad(where + ".id: '" + cve + "' is not a CVE id like CVE-2024-38475");
            }
            BigDecimal cvss = null;
            JsonNode score = cveList.get(j).path("cvss");
            if (!score.isMissingNode() && !score.isNull()) {
                if (!score.isNumber() || score.decimalValue().signum() < 0
                        || score.decimalValue().compareTo(BigDecimal.TEN) > 0) {
                    throw bad(where + ".cvss: a CVSS base score from 0.0 to 10.0");
                }
                cvss = score.decimalValue().setScale(1, java.math.RoundingMode.HALF_UP);
            }
            cves.add(new Advisory.AdvisoryCve(cve, cvss));
        }
        return new Advisory(id, vendor, title, published, type, reboot, packages, cves, refs(at + ".supersedes", node),
                refs(at + ".requires", node));
    }

    private static List<String> refs(String at, JsonNode node) {
        String field = at.substring(at.lastIndexOf('.') + 1);
        JsonNode list = node.path(field);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw bad(at + ": an array of catalog ids like \"debian:apache2:2.4.61-1~deb12u1\"");
        }
        List<String> refs = new ArrayList<>();
        for (int j = 0; j < list.size(); j++) {
            JsonNode ref = list.get(j);
            if (!ref.isTextual() || ref.asText().isBlank() || ref.asText().length() > 100
                    || ref.asText().split(":").length < 3) {
                throw bad(at + "[" + j
                        + "]: a catalog id like \"debian:apache2:2.4.61-1~deb12u1\" (vendor:package:version)");
            }
            refs.add(ref.asText().strip());
        }
        return refs;
    }

    private static String text(String at, JsonNode node, boolean required, int max) {
        String field = at.substring(at.lastIndexOf('.') + 1);
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                throw bad(at + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw bad(at + ": a string");
        }
        String text = value.asText().strip();
        if (text.length() > max) {
            throw bad(at + ": at most " + max + " characters");
        }
        return text;
    }

    static boolean isDebianLike(String vendor) {
        String v = vendor.toLowerCase(Locale.ROOT);
        return v.equals("debian") || v.equals("ubuntu");
    }

    private static InvalidInputException bad(String message) {
        return new InvalidInputException("file", message);
    }

}
