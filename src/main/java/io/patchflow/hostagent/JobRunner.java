package io.patchflow.hostagent;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Does one job: BACKUP, INSTALL, VERIFY or ROLLBACK. Every job is checked against its
 * change token first. What the agent is about to do is written to its state before it
 * does it, so a crash or a reboot in the middle resumes the job instead of starting it
 * again, and a job that comes back after its result was reported is answered from the
 * state without doing anything.
 */
final class JobRunner {

    private static final Logger log = Logger.getLogger(JobRunner.class.getName());

    /**
     * What the agent tells the server about a job. {@code null} outcome: nothing yet (the
     * host is rebooting).
     */
    record Report(String outcome, String detail, JsonNode evidence) {

        static Report succeeded(String detail, JsonNode evidence) {
            return new Report("SUCCEEDED", detail, evidence);
        }

        static Report failed(String detail, JsonNode evidence) {
            return new Report("FAILED", detail, evidence);
        }
    }

    /**
     * Where the job is, as the server shows it on the change page: BACKING_UP,
     * INSTALLING, REBOOTING, VERIFYING, ROLLING_BACK.
     */
    interface Progress {

        void report(String jobId, String state, String detail);

    }

    static final String PHASE_STARTED = "STARTED";
    static final String PHASE_REBOOTING = "REBOOTING";

    private final AgentConfig config;

    private final AgentState state;

    private final PackageManager packages;

    private final Restic restic;

    private final HealthChecks health;

    private final Progress progress;

    JobRunner(AgentConfig config, AgentState state, PackageManager packages, Restic restic, HealthChecks health,
            Progress progress) {
        this.config = config;
        this.state = state;
        this.packages = packages;
        this.restic = restic;
        this.health = health;
        this.progress = progress;
    }

    /**
     * Runs a job as leased from the server. Returns the report to send, or {@code null}
     * when the host reboots before the job can finish (it finishes when the agent starts
     * again).
     */
    Report run(JsonNode job, JobToken tokens, Instant now) throws IOException {
        String jobId = job.path("jobId").asText();
        AgentState.Reported earlier = state.data().reported.get(jobId);
        if (earlier != null) {
            // Delivered again (our result was lost, or the lease ran out): the answer is
            // the one we gave.
            return new Report(earlier.outcome(), earlier.detail(), earlier.evidence());
        }
        AgentState.InProgress current = state.data().inProgress;
        boolean resuming = current != null && current.jobId().equals(jobId);
        if (!resuming) {
            try {
                tokens.verify(job.path("token").asText(null), state.data().agentId, jobId, job.path("type").asText(),
                        job.path("changeId").asText(), job.path("payload"), now);
            }
            catch (JobToken.Refused refused) {
                log.warning("refused job " + jobId + ": " + refused.getMessage());
                return remember(jobId, Report.failed("refused: " + refused.getMessage(), null));
            }
            state.data().inProgress = new AgentState.InProgress(jobId, job.path("type").asText(),
                    job.path("changeId").asText(), job.path("attempt").asInt(1), PHASE_STARTED, job);
            state.save();
        }
        String phase = resuming ? current.phase() : PHASE_STARTED;
        Report report = switch (job.path("type").asText()) {
            case "BACKUP" -> backup(jobId, job.path("payload"));
            case "INSTALL" -> install(jobId, job.path("changeId").asText(), job.path("payload"), phase);
            case "VERIFY" -> verify(job.path("payload"));
            case "ROLLBACK" -> rollback(jobId, job.path("changeId").asText(), job.path("payload"));
            default -> Report.failed("this agent does not know job type " + job.path("type").asText(), null);
        };
        if (report == null) {
            return null;
        }
        return remember(jobId, report);
    }

    /**
     * The job that was interrupted (by a reboot or a crash), to finish first when the
     * agent starts.
     */
    Optional<JsonNode> interrupted() {
        AgentState.InProgress current = state.data().inProgress;
        return current == null ? Optional.empty() : Optional.of(current.job());
    }

    private Report remember(String jobId, Report report) throws IOException {
        state.data().reported.put(jobId, new AgentState.Reported(report.outcome(), report.detail(), report.evidence()));
        AgentState.InProgress current = state.data().inProgress;
        if (current != null && current.jobId().equals(jobId)) {
            state.data().inProgress = null;
        }
        state.save();
        return report;
    }

    // --- BACKUP ---

    private Report backup(String jobId, JsonNode payload) {
        if (restic == null) {
            return Report.failed(
                    "no backup is configured on this host (restic.repository, restic.password-file, backup.paths)",
                    null);
        }
        progress.report(jobId, "BACKING_UP", null);
        String mode = payload.path("backup").path("mode").asText("SNAPSHOT");
        try {
            Optional<Restic.Snapshot> snapshot = mode.equals("VERIFY_RECENT") ? restic.recent(config.backupMaxAge())
                    : Optional.empty();
            Restic.Snapshot verified = snapshot.isPresent() ? snapshot.get() : restic.backup(config.backupPaths());
            ObjectNode evidence = Json.MAPPER.createObjectNode();
            evidence.put("snapshotId", verified.id());
            evidence.put("snapshotTime", verified.time().toString());
            evidence.put("bytes", verified.bytes());
            evidence.put("taken", verified.taken());
            evidence.put("checked", true);
            return Report.succeeded((verified.taken() ? "restic snapshot " : "recent restic snapshot ")
                    + shortId(verified.id()) + " (" + verified.bytes() + " bytes) verified with restic check",
                    evidence);
        }
        catch (Restic.ResticException e) {
            return Report.failed(e.getMessage(), null);
        }
    }

    // --- INSTALL ---

    private Report install(String jobId, String changeId, JsonNode payload, String phase) throws IOException {
        List<PackageManager.PackageVersion> wanted = wanted(payload);
        if (wanted.isEmpty()) {
            return Report.failed("the job names no packages", null);
        }
        if (!phase.equals(PHASE_REBOOTING)) {
            try {
                Map<String, String> before = packages.installed();
                // What this change replaces, kept before anything is touched; a job
                // delivered again keeps the first record.
                if (state.replacedBy(changeId) == null) {
                    LinkedHashMap<String, String> replaced = new LinkedHashMap<>();
                    wanted.forEach(w -> replaced.put(w.name(), before.get(w.name())));
                    state.data().replaced.put(changeId, replaced);
                    state.save();
                }
                progress.report(jobId, "INSTALLING", null);
                packages.install(wanted);
            }
            catch (PackageManager.PackageException e) {
                return Report.failed("install failed: " + e.getMessage(), evidence(changeId, null));
            }
            boolean reboot = false;
            for (JsonNode patch : payload.path("patches")) {
                reboot |= patch.path("rebootRequired").asBoolean(false);
            }
            if (reboot || Files.exists(config.rebootRequiredFile())) {
                AgentState.InProgress current = state.data().inProgress;
                state.data().inProgress = new AgentState.InProgress(current.jobId(), current.type(), current.changeId(),
                        current.attempt(), PHASE_REBOOTING, current.job());
                state.save();
                progress.report(jobId, "REBOOTING", null);
                log.info("rebooting to finish " + changeId + ": " + String.join(" ", config.rebootCommand()));
                Processes.Result r = Processes.run(config.rebootCommand(), Duration.ofMinutes(2));
                if (!r.ok()) {
                    return Report.failed("the reboot command failed: " + r.tail(), evidence(changeId, null));
                }
                return null;
            }
        }
        Map<String, String> after;
        try {
            after = packages.installed();
        }
        catch (PackageManager.PackageException e) {
            return Report.failed(e.getMessage(), evidence(changeId, null));
        }
        List<String> wrong = new ArrayList<>();
        for (PackageManager.PackageVersion w : wanted) {
            if (!w.version().equals(after.get(w.name()))) {
                wrong.add(w.name() + " is " + after.getOrDefault(w.name(), "not installed") + ", not " + w.version());
            }
        }
        if (!wrong.isEmpty()) {
            return Report.failed("after the install " + String.join("; ", wrong), evidence(changeId, null));
        }
        List<HealthChecks.Outcome> checks = health.runAll(payload.path("healthChecks"));
        ObjectNode evidence = evidence(changeId, checks);
        List<String> failed = checks.stream().filter(c -> !c.passed()).map(c -> c.check() + ": " + c.detail()).toList();
        if (!failed.isEmpty()) {
            return Report.failed("installed, but the health check failed: " + String.join("; ", failed), evidence);
        }
        return Report.succeeded("installed " + describe(wanted)
                + (checks.isEmpty() ? "" : "; " + checks.size() + " health check(s) passed"), evidence);
    }

    // --- VERIFY ---

    private Report verify(JsonNode payload) {
        List<String> problems = new ArrayList<>();
        try {
            Map<String, String> installed = packages.installed();
            for (PackageManager.PackageVersion w : wanted(payload)) {
                if (!w.version().equals(installed.get(w.name()))) {
                    problems.add(w.name() + " is " + installed.getOrDefault(w.name(), "not installed") + ", not "
                            + w.version());
                }
            }
        }
        catch (PackageManager.PackageException e) {
            problems.add(e.getMessage());
        }
        List<HealthChecks.Outcome> checks = health.runAll(payload.path("healthChecks"));
        checks.stream().filter(c -> !c.passed()).forEach(c -> problems.add(c.check() + ": " + c.detail()));
        ObjectNode evidence = Json.MAPPER.createObjectNode();
        evidence.set("healthChecks", checksJson(checks));
        return problems.isEmpty() ? Report
            .succeeded("verified: packages at their versions, " + checks.size() + " health check(s) passed", evidence)
                : Report.failed("verification failed: " + String.join("; ", problems), evidence);
    }

    // --- ROLLBACK ---

    private Report rollback(String jobId, String changeId, JsonNode payload) {
        Map<String, String> replaced = state.replacedBy(changeId);
        if (replaced == null) {
            return Report.failed("this host has no record of what " + changeId + " replaced, so it cannot put it back",
                    null);
        }
        progress.report(jobId, "ROLLING_BACK", null);
        List<PackageManager.PackageVersion> reinstall = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        replaced.forEach((name, version) -> {
            if (version == null) {
                remove.add(name);
            }
            else {
                reinstall.add(new PackageManager.PackageVersion(name, version));
            }
        });
        try {
            if (!reinstall.isEmpty()) {
                packages.install(reinstall);
            }
            if (!remove.isEmpty()) {
                packages.remove(remove);
            }
            Map<String, String> now = packages.installed();
            List<String> wrong = new ArrayList<>();
            replaced.forEach((name, version) -> {
                if (version == null ? now.containsKey(name) : !version.equals(now.get(name))) {
                    wrong.add(name + " is " + now.getOrDefault(name, "not installed") + ", not "
                            + (version == null ? "removed" : version));
                }
            });
            if (!wrong.isEmpty()) {
                return Report.failed("rollback incomplete: " + String.join("; ", wrong), null);
            }
        }
        catch (PackageManager.PackageException e) {
            return Report.failed("rollback failed: " + e.getMessage(), null);
        }
        List<HealthChecks.Outcome> checks = health.runAll(payload.path("healthChecks"));
        ObjectNode evidence = Json.MAPPER.createObjectNode();
        ObjectNode restored = evidence.putObject("restored");
        replaced.forEach(restored::put);
        evidence.set("healthChecks", checksJson(checks));
        return Report.succeeded("rolled back: " + describe(reinstall)
                + (remove.isEmpty() ? "" : "; removed " + String.join(", ", remove)), evidence);
    }

    // --- helpers ---

    private static List<PackageManager.PackageVersion> wanted(JsonNode payload) {
        List<PackageManager.PackageVersion> wanted = new ArrayList<>();
        for (JsonNode patch : payload.path("patches")) {
            if (patch.hasNonNull("package") && patch.hasNonNull("version")) {
                wanted.add(new PackageManager.PackageVersion(patch.get("package").asText(),
                        patch.get("version").asText()));
            }
        }
        return wanted;
    }

    private ObjectNode evidence(String changeId, List<HealthChecks.Outcome> checks) {
        ObjectNode evidence = Json.MAPPER.createObjectNode();
        ObjectNode previous = evidence.putObject("previousVersions");
        Map<String, String> replaced = state.replacedBy(changeId);
        if (replaced != null) {
            replaced.forEach(previous::put);
        }
        if (checks != null) {
            evidence.set("healthChecks", checksJson(checks));
        }
        return evidence;
    }

    private static ArrayNode checksJson(List<HealthChecks.Outcome> checks) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (HealthChecks.Outcome c : checks) {
            array.addObject().put("check", c.check()).put("passed", c.passed()).put("detail", c.detail());
        }
        return array;
    }

    private static String describe(List<PackageManager.PackageVersion> versions) {
        return String.join(", ", versions.stream().map(v -> v.name() + " " + v.version()).toList());
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

}
