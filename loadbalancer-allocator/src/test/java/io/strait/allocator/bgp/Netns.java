package io.strait.allocator.bgp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands for network-namespace tests; every failure says which command and why. */
public final class Netns {
    private Netns() {}

    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static boolean installed(String binary) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (new java.io.File(dir, binary).canExecute()) {
                return true;
            }
        }
        return false;
    }

    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Like {@link #run} but never throws: for clean-up in finally blocks. */
    public static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }
}
