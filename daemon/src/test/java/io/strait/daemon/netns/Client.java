package io.strait.daemon.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Something that opens connections from inside a namespace (an external client, or a pod): each
 * call runs {@code nettool.py} or {@code curl} there. Answers are strings; failures start with
 * {@code ERR}.
 */
public final class Client {
    private final NetnsCluster cluster;
    private final String ns;
    private final String ip;

    Client(NetnsCluster cluster, String ns, String ip) {
        this.cluster = cluster;
        this.ns = ns;
        this.ip = ip;
    }

    public String ip() {
        return ip;
    }

    String ns() {
        return ns;
    }

    /** Connects and returns the first line received (a backend's name), or "ERR ...". */
    public String get(String host, int port) {
        return Cmd.in(ns, cluster.python(), cluster.tool(), "get", host, Integer.toString(port)).strip();
    }

    /** Connects, sends "hello", returns the first line received. */
    public String send(String host, int port) {
        return Cmd.in(ns, cluster.python(), cluster.tool(), "send", host, Integer.toString(port)).strip();
    }

    /** HTTP GET with curl: the status line, headers and body as curl prints them. */
    public String http(String url) {
        return Cmd.in(ns, "curl", "-s", "-i", "--max-time", "5", url);
    }

    /** Opens a connection that stays open; the returned handle sends lines and reads replies. */
    public Held hold(String host, int port) throws IOException {
        Process p = cluster.track(new ProcessBuilder(List.of("ip", "netns", "exec", ns, cluster.python(),
                cluster.tool(), "hold", host, Integer.toString(port))).redirectErrorStream(true).start());
        return new Held(p);
    }

    /** A connection held open by a client process. */
    public static final class Held implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final String greeting;

        Held(Process process) throws IOException {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.greeting = out.readLine();
        }

        public String greeting() {
            return greeting;
        }

        /** Sends one line and returns the reply line. */
        public String exchange(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            return out.readLine();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
