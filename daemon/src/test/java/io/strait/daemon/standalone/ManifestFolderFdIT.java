package io.strait.daemon.standalone;

import static io.strait.daemon.standalone.ManifestFolderTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strait.proxy.model.ClusterState;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2 of the hardening issue: running out of file descriptors while the folder is walked
 * read as "every file deleted". This JVM's own descriptor limit is lowered for the walk (by
 * {@code prlimit}, from a helper process that restores it when told), so the error is the real
 * EMFILE (on the folder itself, as on a subdirectory: either way the old code read "deleted").
 */
class ManifestFolderFdIT {
    @TempDir
    Path dir;

    @Test
    void runningOutOfFileDescriptorsKeepsTheLastGoodStateAndIsReported() throws Exception {
        assumeTrue(new File("/usr/bin/prlimit").canExecute(), "needs prlimit (util-linux)");
        Files.writeString(dir.resolve("a.yaml"), service("web", "10.96.0.10", 80));
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/b.yaml"), service("api", "10.96.0.11", 80));
        Files.writeString(dir.resolve("sub/deeper/c.yaml"), service("db", "10.96.0.12", 80));
        List<ClusterState> published = new ArrayList<>();
        ManifestFolder folder = new ManifestFolder(dir, "node-a", "strait", published::add);
        assertThat(folder.load().services()).hasSize(3);
        Files.writeString(dir.resolve("sub/deeper/c.yaml"), service("db", "10.96.0.12", 81)); // a change to pick up

        // Load the classes of the failure path now: while the limit is low, no class file can be opened.
        new ManifestFolder(dir.resolve("missing"), "node-a", "strait", x -> {}).load();
        long pid = ProcessHandle.current().pid();
        Process helper = new ProcessBuilder("sh", "-c",
                "read low; prlimit --pid " + pid + " --nofile=$low && echo lowered; "
                        + "read orig; prlimit --pid " + pid + " --nofile=$orig && echo restored")
                .redirectErrorStream(true).start();
        String soft = readLimit(pid);
        ClusterState during;
        List<String> problemsDuring;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream in = helper.getOutputStream();
            String hard = soft.split(":")[1];
            // Soft limit 1: the lowest free descriptor number is above it, so every open() fails with EMFILE.
            in.write(("1:" + hard + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            assertThat(out.readLine()).isEqualTo("lowered");
            try {
                during = folder.load();
                problemsDuring = folder.problems();
            } finally {
                in.write((soft + "\n").getBytes(StandardCharsets.US_ASCII));
                in.flush();
                assertThat(out.readLine()).isEqualTo("restored");
            }
        } finally {
            helper.waitFor(10, TimeUnit.SECONDS);
            helper.destroy();
        }
        assertThat(during.services()).hasSize(3);
        assertThat(published).hasSize(1); // nothing was torn down
        assertThat(problemsDuring).anySatisfy(p -> assertThat(p).contains(dir.getFileName().toString())
                .contains("the last good state keeps serving"));
        ClusterState after = folder.load(); // descriptors back: the change applies and the problem is resolved
        assertThat(after.services()).hasSize(3);
        assertThat(after.services().get(new io.strait.proxy.model.ServiceName("default", "db")).ports().getFirst().port())
                .isEqualTo(81);
        assertThat(folder.problems()).isEmpty();
    }

    private static String readLimit(long pid) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile", "-o", "SOFT,HARD", "--noheadings").start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        String[] parts = line.split("\\s+");
        return parts[0] + ":" + parts[1];
    }
}
