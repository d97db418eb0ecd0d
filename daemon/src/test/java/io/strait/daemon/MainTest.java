package io.strait.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpAndVersionWork() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("standalone").contains("demo");
        Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("strait ");
        for (String sub : new String[] {"standalone", "demo"}) {
            Run r = run(sub, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: strait " + sub);
        }
    }

    @Test
    void badInputGivesAClearMessageNotAStackTrace() {
        Run missing = run("standalone", "--manifests", "/nonexistent/strait-test");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--manifests: /nonexistent/strait-test is not a directory")
                .doesNotContain("at io.strait");
        Run badFlag = run("standalone", "--manifests", "/tmp", "--transport", "carrier-pigeon");
        assertThat(badFlag.code()).isEqualTo(2);
        assertThat(badFlag.err()).contains("--transport: unknown transport \"carrier-pigeon\"");
        Run noDir = run("standalone");
        assertThat(noDir.code()).isEqualTo(2);
        assertThat(noDir.err()).contains("Missing required option: '--manifests=DIR'");
    }
}
