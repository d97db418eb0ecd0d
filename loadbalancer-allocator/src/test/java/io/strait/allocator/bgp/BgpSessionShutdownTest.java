package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shutdown over a real TCP connection on loopback: the test plays the router on a plain socket.
 * When {@link BgpSession#close} returns, the peer has received a Cease NOTIFICATION
 * (Administrative Shutdown) and, after it, the end of the stream, which is what a router needs
 * to withdraw the node's routes at once instead of waiting for the hold timer.
 */
class BgpSessionShutdownTest {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    @Test
    void closeSendsCeaseBeforeTheConnectionEnds() throws Exception {
        try (ServerSocket router = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            router.setSoTimeout(10_000);
            BgpSession session = new BgpSession(group, new BgpSession.Settings("metallb-system/loopback",
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), router.getLocalPort()), null, 64513, 64512,
                    null, Duration.ofSeconds(30), Duration.ofSeconds(10), null, "node-a"));
            session.set(List.of(Advertisement.of(InetAddress.ofLiteral("198.51.100.7"))));
            session.start();
            try (Socket s = router.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                assertThat(read(in)).isInstanceOf(BgpMessage.Open.class);
                out.write(bytes(Peers.open(64512, 30)));
                out.write(bytes(Peers.keepalive()));
                assertThat(read(in)).isInstanceOf(BgpMessage.Keepalive.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == BgpSession.State.ESTABLISHED);
                assertThat(read(in)).isInstanceOf(BgpMessage.Update.class);

                session.close();

                assertThat(session.state()).as("closed when close() returned").isEqualTo(BgpSession.State.IDLE);
                List<Object> rest = new ArrayList<>();
                for (Object m; (m = read(in)) != null; ) {
                    rest.add(m);
                }
                assertThat(rest).as("then the end of the stream").last()
                        .isInstanceOfSatisfying(BgpMessage.Notification.class, n -> {
                            assertThat(n.code()).isEqualTo(BgpException.CEASE);
                            assertThat(n.subcode()).isEqualTo(BgpException.CEASE_ADMINISTRATIVE_SHUTDOWN);
                        });
            }
        }
    }

    /** One message from the stream, decoded; null at the end of the stream. */
    static Object read(DataInputStream in) throws IOException {
        byte[] header = new byte[BgpCodec.HEADER_LENGTH];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            return null;
        }
        int length = (header[16] & 0xff) << 8 | (header[17] & 0xff);
        byte[] whole = new byte[length];
        System.arraycopy(header, 0, whole, 0, header.length);
        in.readFully(whole, header.length, length - header.length);
        EmbeddedChannel reader = new EmbeddedChannel(new BgpFrameDecoder());
        reader.writeInbound(Unpooled.wrappedBuffer(whole));
        Object m = reader.readInbound();
        reader.finishAndReleaseAll();
        return m;
    }

    static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

}
