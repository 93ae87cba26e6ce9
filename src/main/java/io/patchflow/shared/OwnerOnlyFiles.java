package io.patchflow.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: keys and the embedded database. The permission is set
 * when the file or directory is created, before any content is written, so there is no
 * moment at which another local user could open it.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    /**
     * Creates the directory and any missing parents as rwx------. An existing directory
     * is left as it is.
     */
    public static void directories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (posix(absolute.getRoot())) {
            Files.createDirectories(absolute, attribute(DIRECTORY));
        }
        else {
            Files.createDirectories(absolute);
        }
    }

    /**
     * Creates an empty rw------- file if there is none; makes an existing one rw-------.
     */
    public static void privateFile(Path file) throws IOException {
        directories(file.toAbsolutePath().getParent());
        if (!posix(file.toAbsolutePath().getParent())) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        try {
            Files.createFile(file, attribute(FILE));
        }
        catch (FileAlreadyExistsException exists) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Writes text to a file that is rw------- before the first byte arrives. */
    public static void write(Path file, String text) throws IOException {
        privateFile(file);
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    private static boolean posix(Path path) {
        return path != null
                && Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }

}
