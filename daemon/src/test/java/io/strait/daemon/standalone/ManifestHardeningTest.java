package io.strait.daemon.standalone;

import static io.strait.daemon.standalone.ManifestFolderTest.API;
import static io.strait.daemon.standalone.ManifestFolderTest.WEB;
import static io.strait.daemon.standalone.ManifestFolderTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.strait.proxy.model.ClusterState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What a file or the folder can do to standalone mode (the hardening issue, #13): never take it down. */
class ManifestHardeningTest {
    @TempDir
    Path dir;

    final List<ClusterState> published = new CopyOnWriteArrayList<>();

    ManifestFolder folder() {
        return new ManifestFolder(dir, "node-a", "strait", published::add);
    }

    void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** Finding 2: a symlink loop was a walk error read as "files deleted", silently. */
    @Test
    void aSymlinkLoopIsReportedAndEveryOtherFileLoads() throws IOException {
        write("a.yaml", service("web", "10.96.0.10", 80));
        write("sub/b.yaml", service("api", "10.96.0.11", 80));
        write("sub/deeper/c.yaml", service("db", "10.96.0.12", 80));
        Files.createSymbolicLink(dir.resolve("sub/loop"), dir.resolve("sub"));
        ManifestFolder f = folder();
        ClusterState state = f.load();
        assertThat(state.services()).hasSize(3);
        assertThat(f.problems()).anySatisfy(p -> assertThat(p).contains("sub/loop").contains("loop"));
    }

    /** Finding 3: a duplicate in a file that sorts first took over the original, and the original was blamed. */
    @Test
    void aDuplicateNeverDisplacesTheObjectThatWasThereFirst() throws IOException {
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        f.load();
        write("00-copy.yaml", service("web", "10.96.0.99", 99));
        ClusterState state = f.load();
        assertThat(state.services().get(WEB).ports().getFirst().port()).isEqualTo(80);
        assertThat(f.problems()).singleElement().asString()
                .startsWith("00-copy.yaml: Service default/web duplicates the one in web.yaml");
        write("web.yaml", service("web", "10.96.0.10", 81)); // the original keeps ownership through edits
        assertThat(f.load().services().get(WEB).ports().getFirst().port()).isEqualTo(81);
        write("web.yaml", "kind: [broken"); // ... and while its file does not parse
        assertThat(f.load().services().get(WEB).ports().getFirst().port()).isEqualTo(81);
        Files.delete(dir.resolve("web.yaml")); // gone: the duplicate is now the only definition
        assertThat(f.load().services().get(WEB).ports().getFirst().port()).isEqualTo(99);
    }

    /** Finding 4: 3,000 levels of nesting threw StackOverflowError out of the reader. */
    @Test
    void deepNestingIsAClearErrorNamingTheFileAndTheRestLoads() throws IOException {
        write("deep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: "
                + "[".repeat(3000) + "]".repeat(3000) + "}\n");
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        assertThat(f.load().services()).containsOnlyKeys(WEB);
        assertThat(f.problems()).singleElement().asString().startsWith("deep.yaml: ")
                .contains("nested deeper than " + ManifestReader.MAX_DEPTH);
    }

    /** Finding 4: an Error in the watcher cancelled its task for good, silently. */
    @Test
    void anErrorInTheWatcherIsReportedAndTheWatcherKeepsRunning() throws Exception {
        write("web.yaml", service("web", "10.96.0.10", 80));
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        ManifestFolder f = new ManifestFolder(dir, "node-a", "strait", s -> {
            if (failing.get()) {
                throw new StackOverflowError("test: thrown by the sink");
            }
            published.add(s);
        });
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            f.watch(executor, Duration.ofMillis(20));
            failing.set(true);
            write("api.yaml", service("api", "10.96.0.11", 80));
            await().atMost(Duration.ofSeconds(10)).until(() -> f.problems().stream().anyMatch(p -> p.contains("StackOverflowError")));
            Thread.sleep(100); // several failed ticks: the task is still scheduled
            failing.set(false);
            write("db.yaml", service("db", "10.96.0.12", 80));
            await().atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty() && published.getLast().services().size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> f.problems().isEmpty()); // resolved once a load succeeds
        } finally {
            executor.shutdownNow();
        }
    }

    /** Finding 6: a 50 MB document took gigabytes; documents and files are bounded, with a clear error. */
    @Test
    void anOversizedDocumentIsRefusedNamingTheFileAndTheRestLoads() throws IOException {
        String big = "x".repeat(ManifestReader.MAX_DOCUMENT_BYTES + 1);
        write("big.yaml", service("web", "10.96.0.10", 80) + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\n"
                + "data: {x: \"" + big + "\"}\n");
        ManifestFolder f = folder();
        assertThat(f.load().services()).containsOnlyKeys(WEB);
        assertThat(f.problems()).singleElement().asString().startsWith("big.yaml (document 2): ")
                .contains("larger than the limit of " + ManifestReader.MAX_DOCUMENT_BYTES);
    }

    @Test
    void anOversizedFileIsNotReadAndItsObjectsKeepTheirLastGoodDefinitions() throws IOException {
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        f.load();
        StringBuilder sb = new StringBuilder(service("web", "10.96.0.10", 80));
        String doc = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: \"" + "y".repeat(1 << 20) + "\"}\n";
        while (sb.length() <= ManifestFiles.MAX_FILE_BYTES) {
            sb.append(doc);
        }
        write("web.yaml", sb.toString());
        assertThat(f.load().services()).containsOnlyKeys(WEB);
        assertThat(f.problems()).singleElement().asString().startsWith("web.yaml: ")
                .contains("larger than the limit of " + ManifestFiles.MAX_FILE_BYTES);
    }

    /** Finding 6: 200,000 ignored objects wrote 400,000 log lines. */
    @Test
    void ignoredObjectsAreLoggedInSummary() throws IOException {
        Logger ignoredLog = (Logger) LoggerFactory.getLogger("io.strait.daemon.standalone.Ignored");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ignoredLog.addAppender(lines);
        try {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                sb.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c").append(i).append("}\n");
            }
            write("many.yaml", sb.toString());
            write("web.yaml", service("web", "10.96.0.10", 80));
            ManifestFolder f = folder();
            assertThat(f.load().services()).containsOnlyKeys(WEB);
            assertThat(lines.list).hasSizeLessThanOrEqualTo(11);
            assertThat(lines.list.getLast().getFormattedMessage()).contains("2990 more");
            Files.delete(dir.resolve("many.yaml"));
            f.load();
            assertThat(lines.list).hasSizeLessThanOrEqualTo(22);
        } finally {
            ignoredLog.detachAppender(lines);
        }
    }

    /** An edit in the same clock tick as the last read (same size, same mtime) was never seen. */
    @Test
    void anEditThatLeavesTheStampAsItWasIsStillSeen() throws IOException {
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        f.load();
        assertThat(f.changed()).isFalse();
        var mtime = Files.getLastModifiedTime(dir.resolve("web.yaml"));
        write("web.yaml", service("web", "10.96.0.10", 81)); // same length
        Files.setLastModifiedTime(dir.resolve("web.yaml"), mtime);
        assertThat(f.changed()).isTrue();
        assertThat(f.load().services().get(WEB).ports().getFirst().port()).isEqualTo(81);
    }

    /** Finding 8: port: "abc" named the file only. */
    @Test
    void aFieldOfTheWrongTypeNamesTheObjectAndTheField() throws IOException {
        write("web.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  clusterIP: 10.96.0.10
                  ports: [{name: http, port: "abc"}]
                """);
        ManifestFolder f = folder();
        f.load();
        assertThat(f.problems()).singleElement().asString()
                .startsWith("web.yaml: Service shop/web: spec.ports[0].port: ")
                .contains("\"abc\"");
    }

    /** Finding 8: truncate-then-write left an empty file that tore the Services down in the gap. */
    @Test
    void aFileEmptiedForAMomentDoesNotTearDownItsServices() throws Exception {
        write("web.yaml", service("web", "10.96.0.10", 80) + "---\n" + service("api", "10.96.0.11", 80));
        ManifestFolder f = folder();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            f.watch(executor, Duration.ofMillis(20));
            Files.write(dir.resolve("web.yaml"), new byte[0]); // truncate...
            Thread.sleep(400);                                  // ... a slow writer (20 polls) ...
            write("web.yaml", service("web", "10.96.0.10", 80) + "---\n" + service("api", "10.96.0.11", 81));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    published.getLast().services().get(API).ports().getFirst().port() == 81);
            assertThat(published).allSatisfy(s -> assertThat(s.services()).containsKeys(WEB, API));
            Files.write(dir.resolve("web.yaml"), new byte[0]); // an empty file that stays empty is a removal
            await().atMost(Duration.ofSeconds(10)).until(() -> published.getLast().services().isEmpty());
        } finally {
            executor.shutdownNow();
        }
    }
}
