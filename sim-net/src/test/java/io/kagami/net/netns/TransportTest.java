package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static io.kagami.net.netns.Lab.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCP to a local address: a listening socket gets the segment, a closed port gets the kernel's
 * reset with RFC 793's sequence numbers (what a default-SNAT flow meets after a failover).
 */
@ExtendWith(SharedKernel.class)
class TransportTest {

    private final RunResult run;

    /** The client sends, to the server's port 23 (closed) or 22 (sshd listens), one segment a second. */
    TransportTest(Kernel kernel) {
        Lab lab = new Lab();
        var client = lab.recorder("client-app");
        var sshd = lab.recorder("sshd");
        Fabric.Device a = lab.namespace(Lab.host("client", "10.0.0.1/24", 1)
                .withSocket(new Socket<>(TcpSegment.PROTOCOL, Socket.ANY_PORT, client, d -> d)));
        Fabric.Device b = lab.namespace(Lab.host("server", "10.0.0.2/24", 2)
                .withSocket(new Socket<>(TcpSegment.PROTOCOL, 22, sshd, d -> d)));
        lab.cable(a, "eth0", b, "eth0");
        lab.at(1, a, new SendPacket(tcp("10.0.0.1", "10.0.0.2", 23, 1000, 0, TcpSegment.SYN), null));
        lab.at(2, a, new SendPacket(tcp("10.0.0.1", "10.0.0.2", 23, 5, 7777, TcpSegment.ACK | TcpSegment.PSH), null));
        lab.at(3, a, new SendPacket(Ipv4Packet.of(ip("10.0.0.1"), ip("10.0.0.2"), 64,
                TcpSegment.of(40000, 23, 0xFFFF_FFFAL, 0, TcpSegment.FIN, 0, new byte[10])), null));
        lab.at(4, a, new SendPacket(tcp("10.0.0.1", "10.0.0.2", 23, 9, 0, TcpSegment.RST), null));
        lab.at(5, a, new SendPacket(tcp("10.0.0.1", "10.0.0.2", 22, 1000, 0, TcpSegment.SYN), null));
        run = lab.run(kernel, 10);
    }

    @Test
    void aSegmentToAClosedPortGetsAResetWithRfc793Numbers() {
        List<Lab.Timed<IpDelivered>> got = Lab.recorded(run, "client-app", IpDelivered.class);
        assertEquals(List.of(
                        // SYN seq 1000: <SEQ=0><ACK=1001><CTL=RST,ACK>
                        TcpSegment.of(23, 40000, 0, 1001, TcpSegment.RST | TcpSegment.ACK, 0, new byte[0]),
                        // ACK 7777: <SEQ=7777><CTL=RST>
                        TcpSegment.of(23, 40000, 7777, 0, TcpSegment.RST, 0, new byte[0]),
                        // FIN with 10 bytes at 2^32-6: acknowledges 11, wrapping around
                        TcpSegment.of(23, 40000, 0, 5, TcpSegment.RST | TcpSegment.ACK, 0, new byte[0])),
                got.stream().map(t -> t.value().packet().payload()).toList(),
                "a reset is never answered, and the SYN to port 22 is sshd's");
        Ipv4Packet first = got.get(0).value().packet();
        assertEquals(ip("10.0.0.2"), first.src());
        assertEquals(KernelReplies.IP_DEFAULT_TTL, first.ttl());
        assertEquals(List.of(1L, 2L, 3L), got.stream().map(t -> t.time() / VirtualTime.SECOND).toList());
    }

    @Test
    void aSegmentToAListeningPortGoesToTheSocketWithItsInterface() {
        List<IpDelivered> got = Lab.recorded(run, "sshd", IpDelivered.class).stream().map(Lab.Timed::value).toList();
        assertEquals(1, got.size());
        assertEquals("eth0", got.get(0).inInterface());
        assertEquals(22, ((TcpSegment) got.get(0).packet().payload()).dstPort());
    }
}
