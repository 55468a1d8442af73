package io.kagami.net.netfilter;

import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.IpPayload;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.packet.UdpDatagram;

/**
 * Rebuilds a packet with another source or destination, the NAT "manip" on the wire: the address,
 * and the port (TCP, UDP) or echo identifier (ICMP). Packets are immutable, so this goes through the
 * public factories of {@code io.kagami.net.packet}; checksums are computed when a packet is encoded,
 * so the rebuilt packet is always correct, as the kernel's incremental checksum update makes it.
 * TTL, identification, DF, DSCP, TCP sequence numbers, flags and data are kept.
 */
public final class PacketRewriter {

    private PacketRewriter() {}

    /**
     * {@code packet} from {@code address}, with source port (ICMP: echo identifier) {@code port}; the
     * port is ignored for protocols without one. The same object if nothing changes.
     */
    public static Ipv4Packet withSource(Ipv4Packet packet, Ipv4Address address, int port) {
        IpPayload payload = packet.payload();
        IpPayload rewritten = payload;
        if (payload instanceof TcpSegment tcp && tcp.srcPort() != port) {
            rewritten = TcpSegment.of(port, tcp.dstPort(), tcp.seq(), tcp.ack(), tcp.flags(), tcp.window(), tcp.data());
        } else if (payload instanceof UdpDatagram udp && udp.srcPort() != port) {
            rewritten = udp(udp, port, udp.dstPort());
        } else if (payload instanceof IcmpEcho echo && echo.id() != port) {
            rewritten = echoWithId(echo, port);
        }
        return rebuild(packet, address, packet.dst(), rewritten);
    }

    /**
     * {@code packet} to {@code address}, with destination port (ICMP: echo identifier) {@code port};
     * the port is ignored for protocols without one. The same object if nothing changes.
     */
    public static Ipv4Packet withDestination(Ipv4Packet packet, Ipv4Address address, int port) {
        IpPayload payload = packet.payload();
        IpPayload rewritten = payload;
        if (payload instanceof TcpSegment tcp && tcp.dstPort() != port) {
            rewritten = TcpSegment.of(tcp.srcPort(), port, tcp.seq(), tcp.ack(), tcp.flags(), tcp.window(), tcp.data());
        } else if (payload instanceof UdpDatagram udp && udp.dstPort() != port) {
            rewritten = udp(udp, udp.srcPort(), port);
        } else if (payload instanceof IcmpEcho echo && echo.id() != port) {
            rewritten = echoWithId(echo, port);
        }
        return rebuild(packet, packet.src(), address, rewritten);
    }

    private static UdpDatagram udp(UdpDatagram udp, int srcPort, int dstPort) {
        return udp.hasChecksum()
                ? UdpDatagram.of(srcPort, dstPort, udp.payload())
                : UdpDatagram.withoutChecksum(srcPort, dstPort, udp.payload());
    }

    private static IcmpEcho echoWithId(IcmpEcho echo, int id) {
        IcmpEcho request = IcmpEcho.request(id, echo.seq(), echo.data());
        return echo.isRequest() ? request : request.reply();
    }

    private static Ipv4Packet rebuild(Ipv4Packet packet, Ipv4Address src, Ipv4Address dst, IpPayload payload) {
        if (src.equals(packet.src()) && dst.equals(packet.dst()) && payload == packet.payload()) {
            return packet;
        }
        Ipv4Packet rebuilt = Ipv4Packet.of(src, dst, packet.ttl(), packet.identification(), packet.dontFragment(),
                payload);
        return packet.dscp() == 0 ? rebuilt : rebuilt.withDscp(packet.dscp());
    }
}
