package io.patchflow.hostagent;

import java.util.List;
import java.util.Map;

/**
 * The package operations a job needs, on the real system (apt) or on an alternate root
 * (dpkg with a directory of .debs).
 */
interface PackageManager {

    /** A package at a version, as the server names it in a job. */
    record PackageVersion(String name, String version) {
    }

    /**
     * An update that is waiting: the version installed and the one an upgrade would
     * bring.
     */
    record Pending(String name, String installed, String candidate) {
    }

    /** Thrown when a package operation fails; the message says what the tool said. */
    final class PackageException extends Exception {

        PackageException(String message) {
            super(message);
        }

    }

    /** Installed packages and their versions (dpkg status "install ok installed"). */
    Map<String, String> installed() throws PackageException;

    /** Updates an upgrade would install now. */
    List<Pending> pending() throws PackageException;

    /**
     * Installs exactly these versions (upgrading or downgrading), in one transaction of
     * the package tool.
     */
    void install(List<PackageVersion> wanted) throws PackageException;

    /** Removes these packages (used by a rollback when the change installed them new). */
    void remove(List<String> packages) throws PackageException;

    /** Whether version {@code a} is newer than {@code b}, by dpkg's own ordering. */
    boolean newer(String a, String b) throws PackageException;

}
