package io.patchflow.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files at the top of the repository (bpmn/, forms/, db/), wherever the tests run from:
 * Maven runs them in server/, an IDE may run them at the top.
 */
public final class RepositoryFiles {

    private static final Path ROOT = findRoot();

    private RepositoryFiles() {
    }

    public static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("bpmn")) && Files.isDirectory(dir.resolve("forms"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bpmn/ and forms/ above " + Path.of("").toAbsolutePath());
    }

}
