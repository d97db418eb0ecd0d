package io.strait.daemon.inspect;

import io.strait.daemon.cli.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options and the HTTP GET the inspection commands share (a picocli mixin). */
public final class InspectClient {
    @Option(names = "--address", paramLabel = "IP:PORT", defaultValue = io.strait.daemon.ProxyOptions.DEFAULT_INSPECT,
            description = "The running instance's inspection address, its --inspect-bind-address "
                    + "(default: ${DEFAULT-VALUE}, where strait proxy, standalone and demo listen unless told otherwise).")
    String address;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String output;

    boolean json() {
        return switch (output) {
            case "json" -> true;
            case "table" -> false;
            default -> throw new IllegalArgumentException("-o: must be table or json (got \"" + output + "\")");
        };
    }

    /** GETs path (with its query) from the instance; throws with a message naming the address. */
    String get(String pathAndQuery) {
        InetSocketAddress a = HostPort.parse(address);
        String host = a.getAddress().getHostAddress();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + pathAndQuery);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalArgumentException(uri + ": HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach strait at " + address + " (" + e + "); is it running, "
                    + "and is --address its --inspect-bind-address?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
