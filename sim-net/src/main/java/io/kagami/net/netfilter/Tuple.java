package io.kagami.net.netfilter;

import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.IpPayload;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.packet.UdpDatagram;
import java.util.Objects;

/**
 * A conntrack tuple: what identifies the packets of one direction of a connection. For TCP and UDP the
 * protocol, addresses and ports; for an ICMP echo the addresses, the identifier in {@code srcPort} and
 * the ICMP type (8 request, 0 reply) in {@code dstPort}, as the kernel keeps {@code src.u.icmp.id} and
 * {@code dst.u.icmp.type}; for any other protocol (VRRP, say) the addresses alone, ports 0, as the
 * kernel's generic tracker does. Left out: zones, and ICMP errors with the tuple they embed (RELATED).
 */
public record Tuple(int protocol, Ipv4Address src, Ipv4Address dst, int srcPort, int dstPort) {

    public static final int ICMP = IcmpEcho.PROTOCOL;
    public static final int TCP = TcpSegment.PROTOCOL;
    public static final int UDP = UdpDatagram.PROTOCOL;
    static final int ICMP_ECHO_REQUEST = 8;
    static final int ICMP_ECHO_REPLY = 0;

    public Tuple {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
    }

    /** The tuple of {@code packet} in the direction it travels. */
    public static Tuple of(Ipv4Packet packet) {
        IpPayload payload = packet.payload();
        if (payload instanceof TcpSegment tcp) {
            return new Tuple(TCP, packet.src(), packet.dst(), tcp.srcPort(), tcp.dstPort());
        }
        if (payload instanceof UdpDatagram udp) {
            return new Tuple(UDP, packet.src(), packet.dst(), udp.srcPort(), udp.dstPort());
        }
        if (payload instanceof IcmpEcho echo) {
            return new Tuple(ICMP, packet.src(), packet.dst(), echo.id(),
                    echo.isRequest() ? ICMP_ECHO_REQUEST : ICMP_ECHO_REPLY);
        }
        return new Tuple(packet.protocol(), packet.src(), packet.dst(), 0, 0);
    }

    /** Whether the tuple has ports (TCP, UDP) a NAT may change. */
    public boolean hasPorts() {
        return protocol == TCP || protocol == UDP;
    }

    /**
     * The tuple the other direction's packets carry ({@code nf_ct_invert_tuple}): addresses and ports
     * swapped; for ICMP the identifier kept and request and reply types swapped.
     */
    public Tuple invert() {
        if (protocol == ICMP) {
            return new Tuple(ICMP, dst, src, srcPort, dstPort == ICMP_ECHO_REQUEST ? ICMP_ECHO_REPLY : ICMP_ECHO_REQUEST);
        }
        return new Tuple(protocol, dst, src, dstPort, srcPort);
    }

    /**
     * The part a NAT rewrites besides the address ({@code nf_nat_l4proto_unique_tuple}'s key): the source
     * or destination port, or the ICMP identifier whichever side is rewritten; 0 for other protocols.
     */
    int natKey(boolean source) {
        if (protocol == ICMP) {
            return srcPort;
        }
        return source ? srcPort : dstPort;
    }

    /** This tuple with the source (or destination) address and NAT key replaced. */
    Tuple withManip(boolean source, Ipv4Address address, int key) {
        if (protocol == ICMP) {
            return source ? new Tuple(ICMP, address, dst, key, dstPort) : new Tuple(ICMP, src, address, key, dstPort);
        }
        if (!hasPorts()) {
            return source ? new Tuple(protocol, address, dst, 0, 0) : new Tuple(protocol, src, address, 0, 0);
        }
        return source ? new Tuple(protocol, address, dst, key, dstPort) : new Tuple(protocol, src, address, srcPort, key);
    }

    /**
     * The tuple as {@code conntrack -L} prints it: {@code src=.. dst=.. sport=.. dport=..}, for ICMP
     * {@code src=.. dst=.. type=8 code=0 id=..}, for other protocols just the addresses.
     */
    public String describe() {
        StringBuilder out = new StringBuilder().append("src=").append(src).append(" dst=").append(dst);
        if (hasPorts()) {
            out.append(" sport=").append(srcPort).append(" dport=").append(dstPort);
        } else if (protocol == ICMP) {
            out.append(" type=").append(dstPort).append(" code=0 id=").append(srcPort);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return ConntrackEntry.protocolName(protocol) + " " + describe();
    }
}
