package io.strait.daemon;

import io.strait.daemon.demo.DemoCommand;
import io.strait.daemon.inspect.ConnectionsCommand;
import io.strait.daemon.inspect.StatusCommand;
import io.strait.daemon.kubernetes.ProxyCommand;
import io.strait.daemon.standalone.StandaloneCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strait} command. */
@Command(name = "strait",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Strait: a userspace kube-proxy replacement and L4 load balancer.", ""},
        subcommands = {ProxyCommand.class, StandaloneCommand.class, DemoCommand.class,
                StatusCommand.class, ConnectionsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
                        cmd.getErr().println("strait: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version Maven wrote into strait-version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/strait-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"strait " + p.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
