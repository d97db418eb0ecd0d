package io.strait.netpol.apply;

import io.strait.netpol.nft.NftRuleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs the policy table with the whole desired ruleset each time. It sends the element-only
 * update when the structure is unchanged, the full replacement otherwise, and falls back to the
 * full replacement when an update is refused. Every script is one nft transaction, so a refused
 * one leaves the kernel as it was: {@link #applied()} is then still exact, and the caller keeps
 * serving (and fails closed for what it proxies to pods the policies isolate, if nothing was ever
 * applied). {@link #forget()} makes the next apply a full replacement (after a restart, or
 * periodically against drift). Not thread-safe: one control thread.
 */
public final class NftProgrammer {
    /** Runs one nft script; throws with nft's message when nft refuses it. */
    @FunctionalInterface
    public interface Runner {
        void run(String script) throws IOException;
    }

    /** What an apply did. */
    public record Result(boolean ok, Mode mode, String error) {
        /** How the table was changed. */
        public enum Mode { UNCHANGED, ELEMENTS, FULL, FAILED }
    }

    private final Runner runner;
    private NftRuleset applied;

    public NftProgrammer(Runner runner) {
        this.runner = runner;
    }

    /** {@code nft -f -} after {@code prefix} (empty, or e.g. {@code ip netns exec NS}). */
    public static Runner nft(List<String> prefix) {
        return script -> {
            List<String> argv = new ArrayList<>(prefix);
            argv.addAll(List.of("nft", "-f", "-"));
            Path err = Files.createTempFile("strait-nft", ".err");
            try {
                Process p = new ProcessBuilder(argv).redirectErrorStream(false).redirectError(err.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try (var in = p.getOutputStream()) {
                    in.write(script.getBytes(StandardCharsets.UTF_8));
                }
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("nft did not finish in 30 s");
                }
                if (p.exitValue() != 0) {
                    throw new IOException("nft exited with " + p.exitValue() + ": " + Files.readString(err).strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while nft ran", e);
            } finally {
                Files.deleteIfExists(err);
            }
        };
    }

    /** Makes the kernel's table {@code desired}. */
    public Result apply(NftRuleset desired) {
        boolean incremental = desired.sameStructure(applied);
        String script = desired.updateFrom(applied);
        if (script.isEmpty()) {
            return new Result(true, Result.Mode.UNCHANGED, null);
        }
        try {
            runner.run(script);
            applied = desired;
            return new Result(true, incremental ? Result.Mode.ELEMENTS : Result.Mode.FULL, null);
        } catch (IOException first) {
            if (!incremental) {
                return new Result(false, Result.Mode.FAILED, first.getMessage());
            }
            try {
                runner.run(desired.fullScript());
                applied = desired;
                return new Result(true, Result.Mode.FULL, null);
            } catch (IOException second) {
                return new Result(false, Result.Mode.FAILED, second.getMessage());
            }
        }
    }

    /** The ruleset the kernel holds as far as this programmer knows (null before the first success). */
    public NftRuleset applied() {
        return applied;
    }

    /** Forget what was applied: the next {@link #apply} replaces the whole table. */
    public void forget() {
        applied = null;
    }
}
