package io.patchflow.process.engineapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.fileupload.MultipartStream;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.modeling.ModelFile;
import io.patchflow.modeling.ModelRefused;
import io.patchflow.modeling.ModelerIntake;
import io.patchflow.security.Actor;
import io.patchflow.security.CurrentActor;
import io.patchflow.security.Role;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.LimitedInputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Camunda Modeler's deploy button, answered by Patchflow and never by the engine (ADR
 * 0053): {@code POST /engine-rest/deployment/create} from a process analyst becomes a
 * draft awaiting review, or is refused with every finding in the message, which is what
 * the Modeler shows. Nothing from here reaches Camunda's REST resources or a deployment
 * command, whoever sends it: an admin's deployment gets the same answer as anyone's who
 * is not an analyst. The Modeler's connection checks ({@code GET /version},
 * {@code GET /deployment}) are answered for analysts too; every other path stays the
 * admin's read-only engine API.
 */
final class ModelerDeployments extends OncePerRequestFilter {

    static final String CREATE = "/deployment/create";

    /** Model files are at most 2 MB each, and a draft holds at most 30. */
    static final long MAX_BODY = 16L * 1024 * 1024;

    static final int MAX_FILE = 2 * 1024 * 1024 + 1;

    static final int MAX_PARTS = 40;

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]{1,70})\\1");

    private static final Pattern DISPOSITION_NAME = Pattern.compile("\\bname=\"([^\"]*)\"");

    private static final Pattern DISPOSITION_FILE = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private final ModelerIntake intake;

    private final CurrentActor actors;

    private final EngineApiAudit audit;

    private final ObjectMapper json;

    ModelerDeployments(ModelerIntake intake, CurrentActor actors, EngineApiAudit audit, ObjectMapper json) {
        this.intake = intake;
        this.actors = actors;
        this.audit = audit;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String enginePath = EngineApiRules.enginePath(EngineApiOrigin.path(request));
        Optional<Actor> actor = actors.get();
        boolean analyst = actor.map(a -> a.has(Role.PROCESS_ANALYST)).orElse(false);
        boolean admin = actor.map(a -> a.has(Role.ADMIN)).orElse(false);
        if (enginePath == null || !EngineApiOrigin.path(request).startsWith(EngineApiOrigin.ENGINE_REST)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getMethod().equals("POST") && enginePath.equals(CREATE)) {
            deploy(request, response, actor.orElse(null));
            return;
        }
        if (analyst && !admin) {
            if (request.getMethod().equals("GET") && enginePath.equals("/version")) {
                answer(response, 200, Map.of("version", "7.24.0"));
                return;
            }
            if (request.getMethod().equals("GET") && enginePath.equals("/deployment")) {
                answer(response, 200, List.of());
                return;
            }
            answer(response, 403, error("Forbidden", "a process analyst reaches the engine REST API only to deploy "
                    + "from Camunda Modeler, which makes a draft for review; the rest is the admin's read-only view"));
            return;
        }
        chain.doFilter(request, response);
    }

    private void deploy(HttpServletRequest request, HttpServletResponse response, Actor actor) throws IOException {
        String user = actor == null ? "anonymous" : actor.username();
        if (actor == null || !actor.has(Role.PROCESS_ANALYST)) {
            audit.record(EngineApiAudit.REFUSED, user, "POST", EngineApiOrigin.path(request),
                    "refused: deploying models needs the process-analyst role");
            answer(response, 403, error("Forbidden", "Deploying to Patchflow needs the process-analyst role, admins "
                    + "included: a deployment becomes a draft that a second analyst reviews before it is published "
                    + "(docs/user-guide-process-analyst.md)"));
            return;
        }
        try {
            Upload upload = read(request);
            if (upload.fields().containsKey("tenant-id") && !upload.fields().get("tenant-id").isBlank()) {
                throw new InvalidInputException("tenant-id",
                        "Patchflow's models are the same for every customer: " + "leave the tenant id empty");
            }
            ModelerIntake.Intake result = intake.deploy(actor, upload.fields().get("deployment-name"), upload.files());
            String id = "draft-" + result.draftId();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("links", List.of());
            body.put("id", id);
            body.put("name", upload.fields().getOrDefault("deployment-name", ""));
            body.put("source", upload.fields().getOrDefault("deployment-source", ""));
            body.put("deploymentTime", Instant.now().toString());
            body.put("tenantId", null);
            body.put("deployedProcessDefinitions", null);
            body.put("deployedCaseDefinitions", null);
            body.put("deployedDecisionDefinitions", null);
            body.put("deployedDecisionRequirementsDefinitions", null);
            body.put("message",
                    (result.unchanged() ? "Unchanged: draft " : "Saved as draft ") + result.draftId() + " revision "
                            + result.revision() + ", awaiting review by a second analyst; nothing is deployed "
                            + "until it is approved and published: " + draftUrl(request, result.draftId()));
            answer(response, 200, body);
        }
        catch (ModelRefused e) {
            answer(response, 400, error("ModelRefused", e.getMessage()));
        }
        catch (InvalidInputException e) {
            answer(response, 400, error("InvalidRequestException", e.getMessage()));
        }
        catch (ForbiddenException e) {
            answer(response, 403, error("Forbidden", e.getMessage()));
        }
        catch (io.patchflow.shared.ConflictException e) {
            // another save of the same draft at the same moment: deploying again settles
            // it
            answer(response, 409, error("Conflict", e.getMessage()));
        }
        catch (io.patchflow.shared.NotFoundException e) {
            answer(response, 404, error("NotFound", e.getMessage()));
        }
        catch (LimitedInputStream.TooLarge e) {
            answer(response, 413, error("InvalidRequestException",
                    "the deployment is larger than " + MAX_BODY + " bytes; a model file has at most 2 MB"));
        }
    }

    private static String draftUrl(HttpServletRequest request, long draftId) {
        String base = request.getScheme() + "://" + request.getServerName()
                + ((request.getServerPort() == 80 || request.getServerPort() == 443) ? ""
                        : ":" + request.getServerPort());
        return base + request.getContextPath() + "/modeling/drafts/" + draftId;
    }

    record Upload(Map<String, String> fields, List<ModelFile> files) {
    }

    /** The multipart body, bounded in size and parts; file parts keep their bytes. */
    static Upload read(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        Matcher boundary = type == null ? null : BOUNDARY.matcher(type);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || !boundary.find()) {
            throw new InvalidInputException("content-type",
                    "a deployment is sent as multipart/form-data, as Camunda " + "Modeler sends it");
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new LimitedInputStream.TooLarge(MAX_BODY);
        }
        MultipartStream stream = new MultipartStream(new LimitedInputStream(request.getInputStream(), MAX_BODY),
                boundary.group(2).getBytes(StandardCharsets.ISO_8859_1), 8192, null);
        Map<String, String> fields = new LinkedHashMap<>();
        List<ModelFile> files = new ArrayList<>();
        try {
            boolean next = stream.skipPreamble();
            int parts = 0;
            while (next) {
                if (++parts > MAX_PARTS) {
                    throw new InvalidInputException("files", "a deployment has at most " + MAX_PARTS + " parts");
                }
                String headers = stream.readHeaders();
                String disposition = headers.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-disposition:"))
                    .findFirst()
                    .orElse("");
                Matcher name = DISPOSITION_NAME.matcher(disposition);
                Matcher file = DISPOSITION_FILE.matcher(disposition);
                Bounded body = new Bounded(MAX_FILE);
                stream.readBodyData(body);
                if (file.find()) {
                    if (body.size() >= MAX_FILE) {
                        throw new InvalidInputException("files", file.group(1) + " is larger than 2 MB");
                    }
                    files.add(new ModelFile(file.group(1), body.toByteArray()));
                }
                else if (name.find()) {
                    fields.put(name.group(1), body.toString(StandardCharsets.UTF_8));
                }
                next = stream.readBoundary();
            }
        }
        catch (MultipartStream.MalformedStreamException e) {
            throw new InvalidInputException("body", "the multipart body is malformed: " + e.getMessage());
        }
        return new Upload(fields, files);
    }

    /** Keeps at most {@code limit} bytes and counts the rest away. */
    private static final class Bounded extends OutputStream {

        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        private final int limit;

        private long size;

        Bounded(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (size++ < limit) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            int room = (int) Math.max(0, Math.min(length, limit - size));
            kept.write(bytes, offset, room);
            size += length;
        }

        long size() {
            return size;
        }

        byte[] toByteArray() {
            return kept.toByteArray();
        }

        String toString(java.nio.charset.Charset charset) {
            return kept.toString(charset);
        }

    }

    private static Map<String, Object> error(String type, String message) {
        return Map.of("type", type, "message", message);
    }

    private void answer(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

}
