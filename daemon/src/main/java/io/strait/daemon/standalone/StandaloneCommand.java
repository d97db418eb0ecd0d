package io.strait.daemon.standalone;

import io.strait.daemon.ProxyFlags;
import io.strait.daemon.Shutdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strait standalone --manifests DIR}. */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = {"Serve the Services defined in a folder of Kubernetes manifests (v1 Service, "
                + "discovery.k8s.io/v1 EndpointSlice, optionally v1 Node), without a Kubernetes API server.",
                "The folder is watched: changes apply within a second; established connections of "
                        + "unchanged Services are kept."})
public final class StandaloneCommand implements Callable<Integer> {
    @Option(names = "--manifests", required = true, paramLabel = "DIR",
            description = "Folder of *.yaml/*.yml manifests (multi-document files allowed, read recursively).")
    Path manifests;

    @Mixin
    ProxyFlags flags;

    @Mixin
    io.strait.daemon.vip.VipFlags vipFlags;

    @Mixin
    io.strait.daemon.dns.DnsFlags dnsFlags;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(manifests)) {
            throw new IllegalArgumentException("--manifests: " + manifests + " is not a directory");
        }
        var vips = vipFlags.manager("none"); // off unless --vip-mode is given
        var dns = dnsFlags.settings(false).orElse(null); // off unless --dns-bind-address is given
        Standalone standalone = Standalone.start(manifests, flags.resolve(), vips, dns);
        Shutdown.awaitSignal(standalone);
        return 0;
    }
}
