package io.strait.allocator.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arp_ignore check reads a /proc/sys/net/ipv4/conf tree (here a temporary copy). */
class KernelArpTest {
    @TempDir
    Path conf;

    void set(String itf, int value) throws IOException {
        Files.createDirectories(conf.resolve(itf));
        Files.writeString(conf.resolve(itf).resolve("arp_ignore"), value + "\n");
    }

    @Test
    void warnsOnlyWhenBothAllAndTheInterfaceLeaveTheKernelAnswering() throws IOException {
        set("all", 0);
        set("eth0", 0);
        assertThat(KernelArp.check(conf, "eth0")).hasValueSatisfying(w -> assertThat(w)
                .contains("net.ipv4.conf.eth0.arp_ignore", "set net.ipv4.conf.all.arp_ignore=1"));
        set("eth0", 1);
        assertThat(KernelArp.check(conf, "eth0")).isEmpty();
        set("eth0", 0);
        set("all", 2);
        assertThat(KernelArp.check(conf, "eth0")).isEmpty();
        assertThat(KernelArp.check(conf, "gone0")).isEmpty();
    }
}
