package io.patchflow.hostagent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code patchflow-agent run [--config FILE] [--server URL] [--enrol TOKEN] [--set key=value ...]}:
 * enrols (once) and works the server's jobs until stopped.
 * {@code patchflow-agent inventory} prints what the agent would report;
 * {@code patchflow-agent version} prints its version.
 */
public final class AgentMain {

    private static final Logger log = Logger.getLogger(AgentMain.class.getName());

    /**
     * systemd's "configuration error" exit: the unit does not restart the agent in a loop
     * for it.
     */
    static final int EXIT_CONFIG = 78;

    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "run";
        Path configFile = AgentConfig.DEFAULT_FILE;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = command.equals(args.length > 0 ? args[0] : "") ? 1 : 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
                case "--server" -> overrides.put("server.url", value(args, ++i, "--server"));
                case "--enrol" -> overrides.put("enrolment.token", value(args, ++i, "--enrol"));
                case "--set" -> {
                    String kv = value(args, ++i, "--set");
                    int eq = kv.indexOf('=');
                    if (eq < 1) {
                        fail("--set takes key=value, not " + kv);
                    }
                    overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> fail("unknown argument " + args[i]
                        + "; usage: patchflow-agent [run|inventory|version] [--config FILE] "
                        + "[--server URL] [--enrol TOKEN] [--set key=value]");
            }
        }
        if (command.equals("version")) {
            System.out.println("patchflow-agent " + Agent.VERSION + " (protocol " + ServerApi.PROTOCOL + ")");
            return;
        }
        AgentConfig config;
        try {
            config = AgentConfig.load(configFile, overrides);
        }
        catch (IllegalArgumentException e) {
            fail("configuration " + configFile + ": " + e.getMessage());
            return;
        }
        PackageManager packages = packages(config);
        if (command.equals("inventory")) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Inventory.collect(config, packages)));
            return;
        }
        if (!command.equals("run")) {
            fail("unknown command " + command + "; the commands are run, inventory, version");
        }
        AgentState state = AgentState.open(config.stateDir());
        Restic restic = config.resticRepository() == null || config.resticPasswordFile() == null ? null : new Restic(
                config.resticRepository(), config.resticPasswordFile(), config.hostname(), config.commandTimeout());
        Agent agent = new Agent(config, state, new ServerApi(config.server(), Agent.VERSION), packages, restic);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Let a job in progress finish its step; systemd waits TimeoutStopSec for us.
            agent.stop();
            try {
                main.join(Duration.ofMinutes(14).toMillis());
            }
            catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "patchflow-agent-stop"));
        try {
            agent.enrolIfNeeded(config.enrolmentToken());
            log.info("patchflow-agent " + Agent.VERSION + " working for " + config.server() + " as "
                    + config.hostname());
            agent.run();
        }
        catch (Agent.CredentialRefused e) {
            fail(e.getMessage());
        }
    }

    private static PackageManager packages(AgentConfig config) throws java.io.IOException {
        if (config.packageDirectory() == null) {
            return new AptPackages(config.commandTimeout());
        }
        DirectoryPackages packages = new DirectoryPackages(config.root(), config.dpkgAdmindir(),
                config.packageDirectory(), config.stateDir().resolve("dpkg.log"), config.commandTimeout());
        packages.prepare();
        return packages;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("patchflow-agent: " + message);
        System.exit(EXIT_CONFIG);
    }

}
