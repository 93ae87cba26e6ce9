package io.patchflow.hostagent;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The agent's life: enrol once, then report the inventory, finish an interrupted job, and
 * poll for jobs until stopped. Network trouble is waited out with back-off; a credential
 * the server refuses stops the agent, since retrying cannot fix it.
 */
final class Agent {

    private static final Logger log = Logger.getLogger(Agent.class.getName());
    static final String VERSION = Agent.class.getPackage().getImplementationVersion() == null ? "dev"
            : Agent.class.getPackage().getImplementationVersion();

    /**
     * The credential was refused (revoked, or the agent was enrolled anew elsewhere):
     * exit, do not retry.
     */
    static final class CredentialRefused extends Exception {

        CredentialRefused(String message) {
            super(message);
        }

    }

    private final AgentConfig config;

    private final AgentState state;

    private final ServerApi api;

    private final PackageManager packages;

    private final JobRunner runner;

    private final AtomicBoolean stopping = new AtomicBoolean();

    private Instant lastInventory = Instant.EPOCH;

    private JobToken tokens;

    Agent(AgentConfig config, AgentState state, ServerApi api, PackageManager packages, Restic restic) {
        this.config = config;
        this.state = state;
        this.api = api;
        this.packages = packages;
        HealthChecks health = new HealthChecks(config.healthCommands(), config.httpAllowHosts(), Duration.ofMinutes(5));
        this.runner = new JobRunner(config, state, packages, restic, health, this::progress);
    }

    void stop() {
        stopping.set(true);
    }

    /** Enrols with the configured token unless this host already has a credential. */
    void enrolIfNeeded(String token) throws IOException, InterruptedException, CredentialRefused {
        if (state.enrolled()) {
            api.useCredential(state.credential());
            return;
        }
        if (token == null || token.isBlank()) {
            throw new CredentialRefused(
                    "this host is not enrolled: set enrolment.token in the configuration (docs/agent.md)");
        }
        JsonNode enrolment;
        try {
            enrolment = api.enrol(token, config.hostname());
        }
        catch (ServerApi.Refused e) {
            throw new CredentialRefused("enrolment refused: " + e.getMessage());
        }
        String key = enrolment.path("serverPublicKey").asText(null);
        if (config.serverPublicKey() != null && !config.serverPublicKey().equals(key)) {
            throw new CredentialRefused(
                    "the server's signing key is not the one pinned in server.public-key; not enrolling");
        }
        state.data().agentId = enrolment.path("agentId").asText();
        state.data().agentSecret = enrolment.path("agentSecret").asText();
        state.data().serverPublicKey = key;
        state.data().customerId = enrolment.path("customerId").asText();
        state.data().assetId = enrolment.hasNonNull("assetId") ? enrolment.get("assetId").asLong() : null;
        state.save();
        api.useCredential(state.credential());
        log.info("enrolled as agent " + state.data().agentId + " for " + config.hostname()
                + (state.data().assetId == null ? " (not in the customer's inventory yet)"
                        : " (asset " + state.data().assetId + ")"));
    }

    /** Runs until {@link #stop()} or until the server refuses the credential. */
    void run() throws CredentialRefused, InterruptedException, GeneralSecurityException, IOException {
        tokens = new JobToken(state.data().serverPublicKey);
        Duration backoff = Duration.ofSeconds(1);
        boolean greeted = false;
        while (!stopping.get()) {
            try {
                if (!greeted) {
                    api.heartbeat();
                    greeted = true;
                }
                reportInventoryIfDue(false);
                var interrupted = runner.interrupted();
                if (interrupted.isPresent()) {
                    handle(interrupted.get());
                    continue;
                }
                long asked = System.nanoTime();
                JsonNode lease = api.lease(10, config.pollWait());
                for (JsonNode job : lease.path("jobs")) {
                    if (stopping.get()) {
                        break;
                    }
                    handle(job);
                }
                if (lease.path("jobs").isEmpty() && System.nanoTime() - asked < 1_000_000_000L) {
                    // answered at once with nothing (no asset yet, or only jobs held for
                    // a window): do not spin
                    sleep(Duration.ofSeconds(5));
                }
                backoff = Duration.ofSeconds(1);
            }
            catch (ServerApi.Refused e) {
                if (e.status == 401) {
                    throw new CredentialRefused(
                            "the server refused this agent's credential (revoked?): " + e.getMessage());
                }
                Duration wait = e.retryAfterSeconds > 0 ? Duration.ofSeconds(e.retryAfterSeconds) : backoff;
                log.warning("server answered " + e.getMessage() + "; trying again in " + wait.toSeconds() + " s");
                sleep(wait);
                backoff = next(backoff);
            }
            catch (IOException e) {
                log.warning("cannot reach the server (" + e + "); trying again in " + backoff.toSeconds() + " s");
                sleep(backoff);
                backoff = next(backoff);
            }
        }
    }

    /**
     * One job: run it (or answer it from the state), then report until the server has the
     * result.
     */
    void handle(JsonNode job) throws IOException, InterruptedException, CredentialRefused {
        String jobId = job.path("jobId").asText();
        JobRunner.Report report = runner.run(job, tokens, Instant.now());
        if (report == null) {
            // The host is rebooting; the job is finished when the agent starts again.
            log.info("waiting for the reboot to finish job " + jobId);
            stop();
            return;
        }
        Duration backoff = Duration.ofSeconds(1);
        while (true) {
            try {
                api.result(jobId, job.path("attempt").asInt(1), report);
                log.info("job " + jobId + " (" + job.path("type").asText() + " " + job.path("changeId").asText() + "): "
                        + report.outcome() + " — " + report.detail());
                break;
            }
            catch (ServerApi.Refused e) {
                if (e.status == 401) {
                    throw new CredentialRefused(e.getMessage());
                }
                if (e.status / 100 == 4 && e.status != 408 && e.status != 429) {
                    // Final: the job ended on the server (409: timed out, cancelled), is
                    // not ours (403, 404), or the server will never take this result
                    // (400, 413); sending it again cannot help.
                    log.warning("result for job " + jobId + " not taken: " + e.getMessage());
                    break;
                }
                sleep(e.retryAfterSeconds > 0 ? Duration.ofSeconds(e.retryAfterSeconds) : backoff);
                backoff = next(backoff);
            }
            catch (IOException e) {
                // Lost on the way: the job's result is in the state, so reporting again
                // is safe.
                log.warning("cannot report job " + jobId + " (" + e + "); trying again");
                sleep(backoff);
                backoff = next(backoff);
            }
        }
        String type = job.path("type").asText();
        if (type.equals("INSTALL") || type.equals("ROLLBACK")) {
            reportInventoryIfDue(true);
        }
    }

    void reportInventoryIfDue(boolean now) throws IOException, InterruptedException {
        if (!now && lastInventory.plus(config.inventoryInterval()).isAfter(Instant.now())) {
            return;
        }
        try {
            Inventory.Report report = Inventory.collect(config, packages);
            String hash = HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Json.MAPPER.writeValueAsBytes(report)));
            api.inventory(report);
            state.data().lastInventoryHash = hash;
            state.save();
            lastInventory = Instant.now();
        }
        catch (PackageManager.PackageException e) {
            log.warning("inventory not reported: " + e.getMessage());
            lastInventory = Instant.now();
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void progress(String jobId, String stateName, String detail) {
        try {
            api.progress(jobId, stateName, detail);
        }
        catch (IOException e) {
            // Progress is for people watching; the result is what counts.
            log.log(Level.FINE, "progress for " + jobId + " not sent", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sleep(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        while (!stopping.get() && System.nanoTime() < until) {
            Thread.sleep(Math.min(250, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : doubled;
    }

}
