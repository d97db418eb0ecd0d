package io.strait.daemon.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exposition formats of {@code /metrics}, as the client library's {@link ExpositionFormats}
 * but with {@code le} and {@code quantile} label values of the text formats written as the
 * Prometheus Go and Python clients write them ({@code le="0.0001"}, not Java's {@code "1.0E-4"}),
 * so queries and recording rules that name a bucket bound match every client. Protobuf (native
 * histograms) is passed through unchanged. Thread-safe.
 */
public final class TextExposition {
    private static final Pattern BOUND = Pattern.compile("([{,](?:le|quantile)=\")([^\"]+)\"");

    private final ExpositionFormats formats = ExpositionFormats.init();

    /** The writer for a scrape's Accept header (protobuf, OpenMetrics or the Prometheus text format). */
    public ExpositionFormatWriter findWriter(String acceptHeader) {
        ExpositionFormatWriter w = formats.findWriter(acceptHeader);
        return w instanceof PrometheusProtobufWriter ? w : new Rewriting(w);
    }

    /** Rewrites one line's bound labels; lines without any come back as they are. */
    static String rewriteBounds(String text) {
        Matcher m = BOUND.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String value = m.group(2);
            String formatted;
            try {
                formatted = PrometheusFloats.format(value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
            } catch (NumberFormatException e) {
                formatted = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + formatted + "\""));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private record Rewriting(ExpositionFormatWriter delegate) implements ExpositionFormatWriter {
        @Override
        public boolean accepts(String acceptHeader) {
            return delegate.accepts(acceptHeader);
        }

        @Override
        public void write(OutputStream out, MetricSnapshots snapshots, EscapingScheme scheme) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);
            delegate.write(buffer, snapshots, scheme);
            out.write(rewriteBounds(buffer.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String getContentType() {
            return delegate.getContentType();
        }
    }
}
