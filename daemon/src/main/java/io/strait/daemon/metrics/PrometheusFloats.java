package io.strait.daemon.metrics;

import java.math.BigDecimal;

/**
 * Floats as the Prometheus Go and Python clients write them ({@code strconv.FormatFloat(v, 'g',
 * -1, 64)}): shortest digits, plain notation for exponents from -4 to 5 ({@code 0.0001},
 * {@code 30.24}, {@code 86400}), else {@code 1e-05} / {@code 1e+06}; {@code +Inf}, {@code -Inf},
 * {@code NaN}. Java's {@code Double.toString} gives {@code 1.0E-4} and {@code 30.0} instead.
 */
public final class PrometheusFloats {
    private PrometheusFloats() {}

    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v) < 0 ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros(); // shortest round-trip digits
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - d.scale() - 1; // decimal exponent of the first digit
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return sign + d.abs().toPlainString();
    }
}
