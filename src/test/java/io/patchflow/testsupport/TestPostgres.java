package io.patchflow.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL (15 or later) for integration tests.
 *
 * <p>
 * {@link #database()} hands out one empty database per JVM. Unless
 * {@code PATCHFLOW_TEST_DB_URL} points at an existing database, the first call starts a
 * private cluster on a free loopback port from the PostgreSQL binaries Maven brings (a
 * test dependency, see {@link MavenPostgres}), so the machine needs no PostgreSQL of its
 * own; a shutdown hook stops it and deletes its files. Missing or broken binaries are a
 * hard failure, never a silent skip, so a green build always means the tests really ran
 * against PostgreSQL.
 *
 * <p>
 * Spring tests: <pre>{@code
 * &#64;DynamicPropertySource
 * static void db(DynamicPropertyRegistry registry) {
 *     TestPostgres.springProperties().forEach((key, value) -> registry.add(key, () -> value));
 * }
 * }</pre>
 *
 * <p>
 * Environment: {@code PATCHFLOW_TEST_DB_URL} / {@code _USER} / {@code _PASSWORD} use an
 * existing database instead; {@code PATCHFLOW_PG_BINDIR} names a directory holding
 * {@code initdb}, {@code pg_ctl} and {@code postgres} to use instead of Maven's.
 */
public final class TestPostgres {

    /**
     * Where to reach the test database. {@code user} and {@code password} are null only
     * when {@code PATCHFLOW_TEST_DB_URL} is set without its companions, leaving them to
     * the URL.
     */
    public record Connection(String url, String user, String password) {
    }

    private static final int MIN_MAJOR = 15;

    private static final String SUPERUSER = "patchflow";

    // Trust authentication ignores it, but clients and Spring expect some password.
    private static final String PASSWORD = "patchflow";

    private static final String DATABASE = "patchflow_test";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration QUICK_TIMEOUT = Duration.ofSeconds(30);

    // Surefire kills a forked JVM that has not exited 30 s after the tests, hooks
    // included.
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final int START_ATTEMPTS = 3;

    private static final String INSTALL_HINT = MavenPostgres.HINT;

    private static Connection connection;

    private static IllegalStateException failure;

    private TestPostgres() {
    }

    /**
     * The test database, started on first use; every caller in this JVM gets the same
     * one.
     */
    public static synchronized Connection database() {
        if (connection != null) {
            return connection;
        }
        if (failure != null) {
            // Remembered so that each later test class fails at once instead of retrying
            // a slow start.
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        try {
            connection = resolve();
            return connection;
        }
        catch (IllegalStateException e) {
            failure = e;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new IllegalStateException("Interrupted while starting the test PostgreSQL", e);
        }
        catch (Exception e) {
            failure = new IllegalStateException("Could not start the test PostgreSQL: " + e, e);
        }
        throw failure;
    }

    /**
     * {@code spring.datasource.*} properties for {@link #database()}, for
     * {@code @DynamicPropertySource}.
     */
    public static Map<String, String> springProperties() {
        Connection db = database();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", db.url());
        if (db.user() != null) {
            properties.put("spring.datasource.username", db.user());
        }
        if (db.password() != null) {
            properties.put("spring.datasource.password", db.password());
        }
        return Collections.unmodifiableMap(properties);
    }

    private static Connection resolve() throws Exception {
        String url = System.getenv("PATCHFLOW_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(url.trim(), System.getenv("PATCHFLOW_TEST_DB_USER"),
                    System.getenv("PATCHFLOW_TEST_DB_PASSWORD"));
        }
        // PostgreSQL refuses to run as root, and CI containers usually are root.
        String runAs = isRoot() ? unprivilegedUser() : null;
        Binaries binaries = findBinaries(runAs);
        Path dir = createWorkDir(runAs);
        Server server = new Server(binaries, dir, runAs);
        // Registered before anything runs so that a half-started cluster is cleaned up as
        // well.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "patchflow-test-postgres-stop"));
        try {
            return server.start();
        }
        catch (Exception e) {
            server.stop();
            throw e;
        }
    }

    /** {@code source} says where the binaries came from, for the start-up line. */
    private record Binaries(Path dir, String version, String source) {
    }

    private static Binaries findBinaries(String runAs) throws IOException, InterruptedException {
        String override = System.getenv("PATCHFLOW_PG_BINDIR");
        if (override != null && !override.isBlank()) {
            // An explicit choice that does not work must not quietly fall back to Maven's
            // binaries.
            Path dir = Path.of(override.trim());
            if (!hasBinaries(dir)) {
                throw new IllegalStateException("PATCHFLOW_PG_BINDIR=" + dir
                        + " does not contain executable initdb, pg_ctl and postgres. " + INSTALL_HINT);
            }
            return checkVersion(dir, runAs, "PATCHFLOW_PG_BINDIR");
        }
        // The machine's own PostgreSQL (/usr/lib/postgresql, PATH) is deliberately not
        // looked for: which server the tests ran on would again depend on the machine.
        // PATCHFLOW_PG_BINDIR chooses one.

        // java.io.tmpdir may sit under a root-only path such as /root; /tmp is
        // world-traversable.
        Path base = runAs != null ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        MavenPostgres.Unpacked unpacked = MavenPostgres.unpack(base);
        return checkVersion(unpacked.bin(), runAs,
                "Maven (" + (unpacked.reused() ? "reused" : "unpacked") + ", " + unpacked.millis() + " ms)");
    }

    private static boolean hasBinaries(Path dir) {
        return Stream.of("initdb", "pg_ctl", "postgres").allMatch(name -> Files.isExecutable(dir.resolve(name)));
    }

    /**
     * Runs {@code postgres --version} as the user the server will run as: it must reach
     * the binaries too.
     */
    private static Binaries checkVersion(Path dir, String runAs, String source)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (runAs != null) {
            command.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        command.addAll(List.of(dir.resolve("postgres").toString(), "--version"));
        Result result;
        try {
            result = exec(command, null, QUICK_TIMEOUT);
        }
        catch (IOException e) {
            if (runAs == null) {
                throw e;
            }
            throw new IllegalStateException("Running as root, so PostgreSQL must run as '" + runAs
                    + "' via `runuser` (util-linux), which could not be started: " + e
                    + ". Install util-linux or run the tests as an ordinary user.", e);
        }
        if (result.timedOut() || result.exit() != 0) {
            throw new IllegalStateException("The PostgreSQL binaries in " + dir + " do not run"
                    + (runAs == null ? "" : " as '" + runAs + "' (every parent directory must be traversable by it)")
                    + ": postgres --version " + result.describe() + "\n" + INSTALL_HINT);
        }
        String output = result.output().trim();
        Matcher m = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("Cannot tell the version of " + dir.resolve("postgres") + " from '" + output
                    + "'. " + INSTALL_HINT);
        }
        if (Integer.parseInt(m.group(1)) < MIN_MAJOR) {
            throw new IllegalStateException("Found " + output + " in " + dir + ", but the tests need PostgreSQL "
                    + MIN_MAJOR + " or later. " + INSTALL_HINT);
        }
        return new Binaries(dir, output, source);
    }

    private static boolean isRoot() throws InterruptedException {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            Result id = exec(List.of("id", "-u"), null, QUICK_TIMEOUT);
            return id.exit() == 0 && id.output().trim().equals("0");
        }
        catch (IOException e) {
            return false; // no `id`: not a Unix where root matters
        }
    }

    private static String unprivilegedUser() throws IOException, InterruptedException {
        return exec(List.of("id", "-u", "postgres"), null, QUICK_TIMEOUT).exit() == 0 ? "postgres" : "nobody";
    }

    private static Path createWorkDir(String runAs) throws IOException, InterruptedException {
        Set<Path> bases = new LinkedHashSet<>();
        bases.add(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        if (runAs != null) {
            // java.io.tmpdir may sit under a root-only path such as /root; /tmp is
            // world-traversable.
            bases.add(Path.of("/tmp"));
        }
        List<String> problems = new ArrayList<>();
        for (Path base : bases) {
            Path dir = Files.createTempDirectory(base, "patchflow-pg-");
            Files.createDirectory(dir.resolve("run"));
            if (runAs == null) {
                return dir;
            }
            execChecked(List.of("chown", "-R", runAs + ":", dir.toString()), null, QUICK_TIMEOUT, "chown");
            Result probe;
            try {
                probe = exec(List.of("runuser", "-u", runAs, "--", "test", "-w", dir.resolve("run").toString()), null,
                        QUICK_TIMEOUT);
            }
            catch (IOException e) {
                deleteRecursively(dir);
                throw new IllegalStateException("Running as root, so PostgreSQL must run as '" + runAs
                        + "' via `runuser` (util-linux), which could not be started: " + e
                        + ". Install util-linux or run the tests as an ordinary user.", e);
            }
            if (probe.exit() == 0) {
                return dir;
            }
            deleteRecursively(dir);
            problems.add(base + ": " + probe.output().trim());
        }
        throw new IllegalStateException("User '" + runAs + "' cannot reach a temporary directory under any of " + bases
                + " (every parent directory must be traversable, e.g. chmod o+x): " + problems);
    }

    private static final class Server {

        private final Binaries binaries;

        private final Path dir;

        private final String runAs;

        private final AtomicBoolean stopped = new AtomicBoolean();

        Server(Binaries binaries, Path dir, String runAs) {
            this.binaries = binaries;
            this.dir = dir;
            this.runAs = runAs;
        }

        private Path data() {
            return dir.resolve("data");
        }

        private Path log() {
            return dir.resolve("postgres.log");
        }

        Connection start() throws IOException, InterruptedException, SQLException {
            long t0 = System.nanoTime();
            // --no-sync: the cluster dies with the JVM, so flushing it to disk is wasted
            // time.
            execChecked(command("initdb", "-D", data().toString(), "-A", "trust", "-U", SUPERUSER, "--encoding=UTF8",
                    "--locale=C", "--no-sync"), dir, COMMAND_TIMEOUT, "initdb");
            long t1 = System.nanoTime();
            int port = startServer();
            long t2 = System.nanoTime();
            createDatabase(port);
            long t3 = System.nanoTime();
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
            System.err.printf(
                    "TestPostgres: %s at %s as %s, data in %s, binaries from %s in %s (initdb %d ms, "
                            + "start %d ms, create database %d ms)%n",
                    binaries.version(), url, runAs == null ? "current user" : runAs, dir, binaries.source(),
                    binaries.dir(), ms(t0, t1), ms(t1, t2), ms(t2, t3));
            return new Connection(url, SUPERUSER, PASSWORD);
        }

        private int startServer() throws IOException, InterruptedException {
            for (int attempt = 1;; attempt++) {
                // Another process may grab the port between our probe and the server's
                // bind; then just retry.
                int port = freePort();
                Result result = exec(command("pg_ctl", "-D", data().toString(), "-l", log().toString(), "-w", "-t",
                        "60", "-o", serverOptions(port), "start"), dir, COMMAND_TIMEOUT);
                if (result.exit() == 0) {
                    return port;
                }
                String logTail = tail(log(), 50);
                if (attempt < START_ATTEMPTS && logTail.contains("Address already in use")) {
                    Files.deleteIfExists(log());
                    continue;
                }
                throw new IllegalStateException(
                        "pg_ctl start " + result.describe() + "\n--- last 50 lines of " + log() + " ---\n" + logTail);
            }
        }

        private String serverOptions(int port) {
            // pg_ctl hands this string to /bin/sh, hence the quoting of the path.
            return "-c port=" + port + " -c listen_addresses=127.0.0.1" + " -c unix_socket_directories="
                    + shellQuote(dir.resolve("run").toString())
                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" + " -c max_connections=100";
        }

        private void createDatabase(int port) throws SQLException {
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            try (java.sql.Connection c = DriverManager.getConnection(url, SUPERUSER, PASSWORD);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            catch (SQLException e) {
                throw new IllegalStateException("Server started, but CREATE DATABASE via " + url + " failed: " + e
                        + " (is org.postgresql:postgresql on the test classpath?)\n--- last 50 lines of " + log()
                        + " ---\n" + tail(log(), 50), e);
            }
        }

        /** Idempotent: runs from the shutdown hook and after a failed start. */
        void stop() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            try {
                Path pidFile = data().resolve("postmaster.pid");
                if (Files.exists(pidFile)) {
                    Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of);
                    // Immediate: the data is thrown away, so a clean checkpoint would
                    // only cost time.
                    Result result = exec(command("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "-t",
                            String.valueOf(STOP_TIMEOUT.toSeconds() - 5), "stop"), dir, STOP_TIMEOUT);
                    if (result.exit() != 0) {
                        System.err.println("TestPostgres: pg_ctl stop " + result.describe());
                    }
                    // A postmaster left running would hold the port and memory until the
                    // machine reboots.
                    postmaster.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            catch (Exception e) {
                System.err.println("TestPostgres: stopping the server failed: " + e);
            }
            finally {
                deleteRecursively(dir);
            }
        }

        private List<String> command(String executable, String... args) {
            List<String> command = new ArrayList<>();
            if (runAs != null) {
                command.addAll(List.of("runuser", "-u", runAs, "--"));
            }
            command.add(binaries.dir().resolve(executable).toString());
            command.addAll(Arrays.asList(args));
            return command;
        }

    }

    private static Optional<Long> readPid(Path pidFile) {
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::trim).filter(s -> s.matches("\\d+")).map(Long::valueOf);
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }))) {
            return socket.getLocalPort();
        }
    }

    private record Result(List<String> command, int exit, boolean timedOut, Duration timeout, String output) {
        String describe() {
            return (timedOut ? "timed out after " + timeout.toSeconds() + " s" : "failed with exit code " + exit) + ": "
                    + String.join(" ", command) + "\n--- output ---\n" + output.strip();
        }
    }

    private static String execChecked(List<String> command, Path workDir, Duration timeout, String what)
            throws IOException, InterruptedException {
        Result result = exec(command, workDir, timeout);
        if (result.timedOut() || result.exit() != 0) {
            throw new IllegalStateException(what + " " + result.describe());
        }
        return result.output();
    }

    private static Result exec(List<String> command, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        // A file rather than a pipe: pg_ctl leaves a daemon behind, and reading a pipe it
        // might inherit could wait forever; a file also never fills up and blocks the
        // child.
        Path out = Files.createTempFile("patchflow-pg-cmd-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            if (workDir != null) {
                // The unprivileged user may not be allowed into the JVM's working
                // directory.
                builder.directory(workDir.toFile());
            }
            // A developer's PGDATA, PGPORT, PGHOST... must not leak into the throwaway
            // cluster.
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            String output = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            return new Result(command, finished ? process.exitValue() : -1, !finished, timeout, output);
        }
        finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (NoSuchFileException e) {
            return "(no server log was written)";
        }
        catch (IOException | RuntimeException e) {
            return "(server log unreadable: " + e + ")";
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static long ms(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private static void deleteRecursively(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException e) {
            System.err.println("TestPostgres: could not delete " + dir + ": " + e);
        }
    }

}
