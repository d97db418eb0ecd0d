package io.strait.daemon.inspect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strait connections}: the live flow table of a running instance. */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Show a running instance's live TCP connections and UDP flows (from its /connections).")
public final class ConnectionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    InspectClient client;

    @Option(names = {"-s", "--service"}, paramLabel = "NAMESPACE/NAME",
            description = "Only this Service's flows (NAME alone: in any namespace).")
    String service;

    @Override
    public void run() {
        boolean json = client.json();
        String body = client.get("/connections"
                + (service == null ? "" : "?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8)));
        spec.commandLine().getOut().print(json ? body + "\n" : render(Arrays.asList(InspectJson.read(body, Flow[].class))));
        spec.commandLine().getOut().flush();
    }

    static String render(List<Flow> flows) {
        if (flows.isEmpty()) {
            return "No connections.\n";
        }
        Table t = new Table("PROTO", "CLIENT", "FRONTEND", "BACKEND", "SERVICE", "AGE", "BYTES IN", "BYTES OUT");
        for (Flow f : flows) {
            t.row(f.protocol(), f.client(), f.frontend(), f.backend(),
                    f.namespace() + "/" + f.service() + (f.port().isEmpty() ? "" : ":" + f.port()),
                    age(f.ageMillis()), f.bytesIn(), f.bytesOut());
        }
        return t + "\n" + flows.size() + " flows\n";
    }

    static String age(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m"
                : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s"
                : d.toSeconds() + "." + d.toMillisPart() / 100 + "s";
    }
}
