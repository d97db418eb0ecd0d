package io.strait.daemon.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How log lines look on stderr: {@code text} (logback.xml's pattern, for people) or {@code json}
 * (logback's {@link JsonEncoder}: one JSON object per line, for log collectors).
 */
public enum LogFormat {
    TEXT,
    JSON;

    /** The pattern of logback.xml, restored by {@code text}. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    public static LogFormat parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--log-format: must be text or json (got \"" + text + "\")");
        };
    }

    /** Puts this format's encoder on every stream appender of the root logger. */
    public void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration rules
        }
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof OutputStreamAppender<ILoggingEvent> out && !sameKind(out.getEncoder())) {
                out.setEncoder(encoder(context)); // swapped in place: stopping would close the stream
            }
        });
    }

    /** A started encoder of this format. */
    public Encoder<ILoggingEvent> encoder(LoggerContext context) {
        Encoder<ILoggingEvent> encoder;
        if (this == JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithFormattedMessage(true); // the message as text shows it, arguments filled in
            json.setWithContext(false);         // logback's context name and birth time: noise on every line
            encoder = json;
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setPattern(PATTERN);
            encoder = pattern;
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private boolean sameKind(Encoder<ILoggingEvent> current) {
        return (this == JSON) == (current instanceof JsonEncoder);
    }
}
