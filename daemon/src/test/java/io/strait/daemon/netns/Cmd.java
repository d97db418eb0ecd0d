package io.strait.daemon.netns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands (ip, CNI plugins, the client tool) and returns their output. */
final class Cmd {
    private Cmd() {}

    /** Runs argv, feeding stdin; throws with the command and its stderr when it fails. */
    static String run(String stdin, List<String> argv) {
        try {
            Path err = Files.createTempFile("strait-cmd", ".err");
            try {
                Process p = new ProcessBuilder(argv).redirectError(err.toFile()).start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", argv));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", argv)
                            + "\n" + out + Files.readString(err));
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + argv, e);
        }
    }

    static String run(String... argv) {
        return run(null, List.of(argv));
    }

    /** Runs argv inside network namespace ns. */
    static String in(String ns, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        return run(null, all);
    }

    /** Like {@link #run} but never throws: for teardown. */
    static void quietly(String... argv) {
        try {
            run(argv);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** True when an executable with this name is on the PATH. */
    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
