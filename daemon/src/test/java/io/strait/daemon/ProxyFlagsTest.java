package io.strait.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProxyFlagsTest {
    private static ProxyOptions parse(String... args) {
        ProxyFlags flags = new ProxyFlags();
        new CommandLine(flags).parseArgs(args);
        return flags.resolve();
    }

    @Test
    void perServiceHistogramsAreOffUnlessAskedFor() {
        assertThat(parse().metricsPerServiceHistograms()).isFalse();
        assertThat(parse("--metrics-per-service-histograms").metricsPerServiceHistograms()).isTrue();
        assertThat(parse("--metrics-per-service-histograms").metricsPerBackend()).isFalse();
    }
}
