package io.strait.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strait.daemon.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogFormatTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void jsonPutsOneParsableObjectPerLineOnTheRootAppendersAndTextRestoresThePattern() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setName("capture");
        capture.setEncoder(LogFormat.TEXT.encoder(context));
        capture.setOutputStream(bytes);
        capture.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(capture);
        try {
            LogFormat.JSON.apply();
            Logger log = LoggerFactory.getLogger("io.strait.test.LogFormat");
            log.info("Service {} has \"quotes\"\nand a newline", "shop/web");
            log.warn("second", new IllegalStateException("boom"));
            List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(2);
            KubernetesSerialization json = new KubernetesSerialization();
            java.util.Map<?, ?> first = json.unmarshal(lines.get(0), java.util.Map.class);
            assertThat(first.get("level")).isEqualTo("INFO");
            assertThat(first.get("loggerName")).isEqualTo("io.strait.test.LogFormat");
            assertThat(first.get("formattedMessage")).isEqualTo("Service shop/web has \"quotes\"\nand a newline");
            java.util.Map<?, ?> second = json.unmarshal(lines.get(1), java.util.Map.class);
            assertThat(second.get("level")).isEqualTo("WARN");
            assertThat(String.valueOf(second.get("throwable"))).contains("boom");

            LogFormat.TEXT.apply();
            bytes.reset();
            log.info("plain");
            assertThat(bytes.toString(StandardCharsets.UTF_8)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  LogFormat - plain\\R");
        } finally {
            root.detachAppender(capture);
            LogFormat.TEXT.apply();
        }
    }

    @Test
    void anUnknownFormatIsRejectedNamingTheFlag() {
        assertThatThrownBy(() -> LogFormat.parse("xml")).hasMessage("--log-format: must be text or json (got \"xml\")");
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("standalone", "--log-format", "xml", "--manifests", ".")).isEqualTo(2);
        assertThat(err.toString()).contains("--log-format").contains("must be text or json");
    }
}
