package io.strait.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Floats as Go's strconv.FormatFloat(v, 'g', -1, 64), which the Go and Python clients write. */
class PrometheusFloatsTest {
    @Test
    void boundsReadAsTheGoClientWritesThem() {
        assertThat(PrometheusFloats.format(0.0001)).isEqualTo("0.0001");
        assertThat(PrometheusFloats.format(0.00025)).isEqualTo("0.00025");
        assertThat(PrometheusFloats.format(0.00001)).isEqualTo("1e-05");
        assertThat(PrometheusFloats.format(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(PrometheusFloats.format(30)).isEqualTo("30");
        assertThat(PrometheusFloats.format(30.24)).isEqualTo("30.24");
        assertThat(PrometheusFloats.format(86400)).isEqualTo("86400");
        assertThat(PrometheusFloats.format(123456)).isEqualTo("123456");
        assertThat(PrometheusFloats.format(1e6)).isEqualTo("1e+06");
        assertThat(PrometheusFloats.format(2.5e21)).isEqualTo("2.5e+21");
        assertThat(PrometheusFloats.format(-0.5)).isEqualTo("-0.5");
        assertThat(PrometheusFloats.format(0)).isEqualTo("0");
        assertThat(PrometheusFloats.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusFloats.format(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void onlyBoundLabelsAreRewritten() {
        assertThat(TextExposition.rewriteBounds("x_bucket{a=\"1.0E-4\",le=\"1.0E-4\"} 3.0\nx_bucket{le=\"+Inf\"} 3.0\n"
                + "q{quantile=\"0.5\"} 1.0E-4\n"))
                .isEqualTo("x_bucket{a=\"1.0E-4\",le=\"0.0001\"} 3.0\nx_bucket{le=\"+Inf\"} 3.0\n"
                        + "q{quantile=\"0.5\"} 1.0E-4\n");
    }
}
