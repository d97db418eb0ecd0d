package io.strait.daemon.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFolderTest {
    static final ServiceName WEB = new ServiceName("default", "web");
    static final ServiceName API = new ServiceName("default", "api");

    @TempDir
    Path dir;

    final List<ClusterState> published = new ArrayList<>();

    static String service(String name, String ip, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  clusterIP: %s
                  ports: [{name: http, port: %d}]
                """.formatted(name, ip, port);
    }

    static String slice(String service, String ip) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s-1
                  labels: {kubernetes.io/service-name: %s}
                addressType: IPv4
                ports: [{name: http, port: 8080}]
                endpoints: [{addresses: ["%s"]}]
                """.formatted(service, service, ip);
    }

    ManifestFolder folder() {
        return new ManifestFolder(dir, "node-a", "strait", published::add);
    }

    void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }

    @Test
    void readsMultiDocumentFilesAndJoinsSlicesToServices() throws IOException {
        write("web.yaml", service("web", "10.96.0.10", 80) + "---\n" + slice("web", "10.244.1.5"));
        ClusterState state = folder().load();
        assertThat(state.services()).containsKey(WEB);
        assertThat(state.slicesOf(WEB)).singleElement().satisfies(s -> assertThat(s.endpoints()).hasSize(1));
        assertThat(published).hasSize(1);
    }

    @Test
    void aFileThatDoesNotParseIsReportedAndTheRestApplies() throws IOException {
        write("good.yaml", service("web", "10.96.0.10", 80));
        write("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: api\nspec: [");
        ManifestFolder f = folder();
        ClusterState state = f.load();
        assertThat(state.services()).containsOnlyKeys(WEB);
        assertThat(f.problems()).singleElement().asString().startsWith("bad.yaml: cannot parse:");
    }

    @Test
    void anInvalidObjectIsReportedWithFileObjectAndFieldAndKeepsItsLastGoodDefinition() throws IOException {
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        f.load();
        write("web.yaml", service("web", "10.96.0.10", 0) + "\n# edited");
        ClusterState state = f.load();
        assertThat(f.problems()).singleElement().asString()
                .isEqualTo("web.yaml: Service default/web: spec.ports[0].port: must be between 1 and 65535 (got 0); "
                        + "keeping its last good definition");
        ServiceInfo kept = state.services().get(WEB);
        assertThat(kept.ports().getFirst().port()).isEqualTo(80);
    }

    @Test
    void aNewInvalidObjectIsNotApplied() throws IOException {
        write("api.yaml", service("api", "", 80));
        ManifestFolder f = folder();
        assertThat(f.load().services()).isEmpty();
        assertThat(f.problems()).singleElement().asString()
                .contains("api.yaml: Service default/api: spec.clusterIP: missing").endsWith("it is not applied");
    }

    @Test
    void objectsOfAFileThatStopsParsingKeepServing() throws IOException {
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        f.load();
        write("web.yaml", "kind: [broken");
        assertThat(f.load().services()).containsOnlyKeys(WEB);
        assertThat(f.problems()).singleElement().asString().startsWith("web.yaml: cannot parse");
        Files.delete(dir.resolve("web.yaml"));
        assertThat(f.load().services()).isEmpty();
    }

    @Test
    void duplicatesAreReportedNamingBothFilesAndTheFirstWins() throws IOException {
        write("a.yaml", service("web", "10.96.0.10", 80));
        write("b.yaml", service("web", "10.96.0.11", 81));
        ManifestFolder f = folder();
        ClusterState state = f.load();
        assertThat(state.services().get(WEB).ports().getFirst().port()).isEqualTo(80);
        assertThat(f.problems()).singleElement().asString()
                .isEqualTo("b.yaml: Service default/web duplicates the one in a.yaml, which is kept; this one is ignored");
    }

    @Test
    void unchangedFolderPublishesNothingNew() throws IOException {
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        f.load();
        assertThat(f.changed()).isFalse();
        f.load();
        assertThat(published).hasSize(1);
        write("api.yaml", service("api", "10.96.0.11", 80));
        assertThat(f.changed()).isTrue();
        f.load();
        assertThat(published).hasSize(2);
    }

    @Test
    void kindsStandaloneDoesNotUseAreIgnoredNotFailed() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n");
        write("web.yaml", service("web", "10.96.0.10", 80));
        ManifestFolder f = folder();
        assertThat(f.load().services()).containsOnlyKeys(WEB);
        assertThat(f.problems()).isEmpty();
    }
}
