package io.strait.daemon.demo;

import io.strait.daemon.Shutdown;
import io.strait.proxy.dataplane.Transport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strait demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start three HTTP backends on loopback and a Service balancing over them "
                + "(ClusterIP 127.10.0.1, NodePort on 127.0.0.1), print curl commands to try, "
                + "and show which backend answered each request. No root needed. Ctrl-C stops everything."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--backends", defaultValue = "3", description = "How many backends (1-3, default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|io_uring|epoll|nio",
            description = "Netty transport (default: ${DEFAULT-VALUE}).")
    String transport;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 3) {
            throw new IllegalArgumentException("--backends: between 1 and 3");
        }
        Demo demo = Demo.start(System.out, count, Transport.select(transport));
        demo.printHowTo(System.out);
        Shutdown.awaitSignal(() -> {
            demo.close();
            System.out.println("Demo stopped.");
        });
        return 0;
    }
}
