package io.strait.daemon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.proxy.dataplane.Transport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoTest {
    @Test
    void demoStartsAnswersThroughItsPrintedUrlsAndStops() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        Demo demo = Demo.start(console, 3, Transport.best());
        List<String> printed;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            demo.printHowTo(console);
            String text = buffer.toString(StandardCharsets.UTF_8);
            printed = urls(text, "curl (http://\\S+/)\\s+# (ClusterIP|NodePort)");
            assertThat(printed).hasSize(2);
            for (String url : printed) {
                Set<String> answers = new HashSet<>();
                for (int i = 0; i < 6; i++) {
                    String response = curl(URI.create(url));   // one connection per request, as curl
                    assertThat(response).startsWith("HTTP/1.1 200");
                    answers.add(response.substring(response.indexOf("\r\n\r\n") + 4).strip());
                }
                assertThat(answers).containsExactlyInAnyOrder("Hello from backend-1", "Hello from backend-2", "Hello from backend-3");
            }
            String healthz = urls(buffer.toString(StandardCharsets.UTF_8), "Health:\\s+curl (http://\\S+/healthz)").getFirst();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(healthz)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            // issue #18: the printed inspection command finds the demo (no --address when it has the default)
            String inspect = urls(buffer.toString(StandardCharsets.UTF_8), "Inspect: strait (status[^#]*?)\\s+#").getFirst();
            StringWriter out = new StringWriter();
            var cl = io.strait.daemon.Main.commandLine();
            cl.setOut(new PrintWriter(out));
            assertThat(cl.execute(inspect.strip().split(" "))).isZero();
            assertThat(out.toString()).contains("Node demo-node: last sync").contains("demo/hello");
            // issue #19: the printed dig command resolves the demo Service; status names the DNS server
            var dig = java.util.regex.Pattern.compile("dig @(\\S+) -p (\\d+) (\\S+)\\s+# cluster DNS")
                    .matcher(buffer.toString(StandardCharsets.UTF_8));
            assertThat(dig.find()).isTrue();
            assertThat(dig.group(3)).isEqualTo("hello.demo.svc.cluster.local");
            var dnsServer = new java.net.InetSocketAddress(dig.group(1), Integer.parseInt(dig.group(2)));
            assertThat(io.strait.daemon.dns.StandaloneDnsIT.answers(dnsServer, dig.group(3), 1)).containsExactly(Demo.CLUSTER_IP);
            assertThat(out.toString()).contains("Cluster DNS cluster.local on " + dig.group(1) + ":" + dig.group(2));
            assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("[backend-1] answered GET /")
                    .contains("[backend-2] answered GET /").contains("[backend-3] answered GET /");
        } finally {
            demo.close();
        }
        for (String url : printed) {
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.net.ConnectException.class);
        }
    }

    static String curl(URI url) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + url.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> urls(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
