package io.strait.proxy.vip;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} through ProcessBuilder, optionally behind a prefix (e.g.
 * {@code ip -n NAMESPACE}, to manage another network namespace). Stateless and thread-safe.
 */
public final class IpTool {
    static final Comparator<InetAddress> ADDRESS_ORDER = Comparator
            .comparingInt((InetAddress a) -> a.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);
    private static final long TIMEOUT_SECONDS = 30;

    /** The outcome of one command: exit code and what it printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final List<String> command;

    /** @param command the {@code ip} command and leading options, e.g. {@code [ip]} or {@code [ip, -n, ns1]} */
    public IpTool(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** The host's own {@code ip}. */
    public static IpTool host() {
        return new IpTool(List.of("ip"));
    }

    /** {@code ip ARGS...}. */
    public Result run(String... args) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    /** {@code ip -batch -} with these lines on stdin. */
    public Result batch(List<String> lines) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("-batch", "-"));
        return exec(cmd, String.join("\n", lines) + "\n");
    }

    /** {@code ip} with its arguments, for messages. */
    public String describe(String... args) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        return String.join(" ", cmd);
    }

    /** {@code 10.0.0.1/32} or {@code fd00::1/128}. */
    static String host(InetAddress ip) {
        return ip.getHostAddress() + (ip instanceof Inet4Address ? "/32" : "/128");
    }

    private static Result exec(List<String> cmd, String stdin) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", String.join(" ", cmd) + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join().strip());
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", String.join(" ", cmd) + ": interrupted");
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
