package io.patchflow.hostagent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Package operations on an alternate root: dpkg with {@code --instdir} and
 * {@code --admindir}, installing .deb files from a directory. The tests run the agent
 * this way in a throwaway directory, with real packages they build with dpkg-deb; so can
 * an admin who wants to try the agent without touching the machine.
 */
final class DirectoryPackages extends Dpkg {

    private final Path root;

    private final Path debs;

    private final Path log;

    DirectoryPackages(Path root, Path admindir, Path debs, Path log, Duration timeout) {
        super(admindir, timeout);
        this.root = root;
        this.debs = debs;
        this.log = log;
    }

    /**
     * Creates an empty dpkg database under the admindir if there is none (a fresh
     * sandbox).
     */
    void prepare() throws IOException {
        Files.createDirectories(admindir.resolve("info"));
        Files.createDirectories(admindir.resolve("updates"));
        Files.createDirectories(admindir.resolve("triggers"));
        for (String file : List.of("status", "available")) {
            if (!Files.exists(admindir.resolve(file))) {
                Files.createFile(admindir.resolve(file));
            }
        }
        Files.createDirectories(root);
    }

    /** The .deb files of the directory by package and version. */
    Map<String, Map<String, Path>> available() throws PackageException {
        Map<String, Map<String, Path>> found = new HashMap<>();
        try (Stream<Path> files = Files.list(debs)) {
            for (Path deb : files.filter(f -> f.getFileName().toString().endsWith(".deb")).sorted().toList()) {
                Processes.Result r = Processes.run(List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version"),
                        timeout);
                if (!r.ok()) {
                    throw new PackageException("cannot read " + deb.getFileName() + ": " + r.tail());
                }
                String name = null;
                String version = null;
                for (String line : r.stdout().split("\n")) {
                    if (line.startsWith("Package: ")) {
                        name = line.substring(9).strip();
                    }
                    else if (line.startsWith("Version: ")) {
                        version = line.substring(9).strip();
                    }
                }
                if (name != null && version != null) {
                    found.computeIfAbsent(name, k -> new HashMap<>()).put(version, deb);
                }
            }
        }
        catch (IOException e) {
            throw new PackageException("cannot list the package directory " + debs + ": " + e.getMessage());
        }
        return found;
    }

    @Override
    public List<Pending> pending() throws PackageException {
        Map<String, Map<String, Path>> available = available();
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<String, String> installed : installed().entrySet()) {
            String best = installed.getValue();
            for (String version : available.getOrDefault(installed.getKey(), Map.of()).keySet()) {
                if (newer(version, best)) {
                    best = version;
                }
            }
            if (!best.equals(installed.getValue())) {
                pending.add(new Pending(installed.getKey(), installed.getValue(), best));
            }
        }
        return pending;
    }

    @Override
    public void install(List<PackageVersion> wanted) throws PackageException {
        Map<String, Map<String, Path>> available = available();
        List<String> command = new ArrayList<>(dpkg());
        command.add("--install");
        for (PackageVersion w : wanted) {
            Path deb = available.getOrDefault(w.name(), Map.of()).get(w.version());
            if (deb == null) {
                throw new PackageException(w.name() + " " + w.version() + " is not in " + debs);
            }
            command.add(deb.toString());
        }
        Processes.Result r = Processes.run(command, timeout);
        if (!r.ok()) {
            throw new PackageException("dpkg --install failed (exit " + r.exitCode() + "): " + r.tail());
        }
    }

    @Override
    public void remove(List<String> packages) throws PackageException {
        List<String> command = new ArrayList<>(dpkg());
        command.add("--remove");
        command.addAll(packages);
        Processes.Result r = Processes.run(command, timeout);
        if (!r.ok()) {
            throw new PackageException("dpkg --remove failed (exit " + r.exitCode() + "): " + r.tail());
        }
    }

    private List<String> dpkg() {
        List<String> command = new ArrayList<>(
                List.of("dpkg", "--admindir=" + admindir, "--instdir=" + root, "--log=" + log,
                        // the sandbox has no shell of its own to chroot into; the test
                        // packages' scripts run from the host
                        "--force-script-chrootless"));
        if (!"root".equals(System.getProperty("user.name"))) {
            command.add("--force-not-root");
        }
        return command;
    }

}
