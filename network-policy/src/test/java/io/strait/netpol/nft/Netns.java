package io.strait.netpol.nft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away network namespace with a random name, deleted on close; runs commands inside it. */
public final class Netns implements AutoCloseable {
    public final String name;

    public Netns() {
        StringBuilder sb = new StringBuilder("st-netpol-");
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 8; i++) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        name = sb.toString();
        run(null, "ip", "netns", "add", name);
    }

    /** Runs argv inside the namespace with stdin; returns stdout, throws with stderr on failure. */
    public String exec(String stdin, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(List.of(argv));
        return run(stdin, all.toArray(String[]::new));
    }

    public static String run(String stdin, String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
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
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", argv) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static boolean root() {
        try {
            return run(null, "id", "-u").strip().equals("0");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin", tool));
    }

    @Override
    public void close() {
        run(null, "ip", "netns", "delete", name);
    }
}
