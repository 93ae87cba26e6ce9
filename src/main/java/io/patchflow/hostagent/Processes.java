package io.patchflow.hostagent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program with a deadline and collects what it printed. Nothing goes through a
 * shell unless asked.
 */
final class Processes {

    /**
     * What a program did: its exit code (-1 if it was killed at the deadline) and its
     * output.
     */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** The last lines of what it printed, for a result detail. */
        String tail() {
            String all = (stdout.strip() + "\n" + stderr.strip()).strip();
            return all.length() <= 600 ? all : "…" + all.substring(all.length() - 600);
        }
    }

    private Processes() {
    }

    static Result run(List<String> command, Duration timeout) {
        return run(command, timeout, Map.of(), null);
    }

    static Result run(List<String> command, Duration timeout, Map<String, String> env, Path workingDirectory) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        // Package tools must never stop to ask a question.
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            return new Result(127, "", "cannot run " + command.get(0) + ": " + e.getMessage(), false);
        }
        try {
            process.getOutputStream().close();
        }
        catch (IOException ignored) {
            // the program did not want input anyway
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, out.getNow(""), err.getNow("") + "\n(killed after " + timeout + ")", true);
            }
            return new Result(process.exitValue(), out.join(), err.join(), false);
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted", true);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
