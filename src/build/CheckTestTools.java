import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run by the build before the first test (and not by spring-boot:run): the system programs the
 * tests need and Maven cannot bring. One line names what is missing and the
 * apt-get command that installs it, instead of a failure minutes later.
 */
public class CheckTestTools {

    public static void main(String[] args) throws Exception {
        List<String> packages = new ArrayList<>();
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            packages.add("chromium");
        }
        if (!onPath("restic")) {
            packages.add("restic");
        }
        if (!onPath("dpkg-deb") || !onPath("dpkg-query")) {
            packages.add("dpkg");
        }
        // No PostgreSQL here: the tests take its server binaries from Maven (TestPostgres).
        if (packages.isEmpty()) {
            return;
        }
        System.err.println("The tests need programs this machine lacks: " + String.join(", ", packages)
                + ". Install them with: sudo apt-get install " + String.join(" ", packages)
                + "   (or run .ci/run, which does; or skip the tests with -DskipTests)");
        System.exit(1);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
