package io.kagami.net.netfilter;

import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.RawUdpPayload;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.packet.UdpDatagram;
import java.util.Map;

/**
 * A router namespace of the seed (DOMAIN.md section 1): gateway 10.0.80.3 on ext-net80 behind qg-,
 * project subnet 192.168.80.0/24 behind qr-, a second subnet 192.168.81.0/24 behind another qr-, one
 * floating IP 10.0.80.10 -> 192.168.80.5. {@link #receive} and {@link #send} call the hooks the way the
 * namespace's IP stack does, with a fixed routing table, so each test reads as packets on the wire.
 */
final class RouterFixture {

    static final String QG = "qg-7f3e2a1b-9c";
    static final String QR = "qr-1c2d3e4f-5a";
    static final String QR2 = "qr-9e8d7c6b-5a";
    static final String LOCAL = "local";

    static final Ipv4Address GATEWAY_IP = Ipv4Address.parse("10.0.80.3");
    static final Ipv4Address FIP = Ipv4Address.parse("10.0.80.10");
    static final Ipv4Address FIXED = Ipv4Address.parse("192.168.80.5");
    static final Ipv4Address QR_IP = Ipv4Address.parse("192.168.80.1");
    static final Ipv4Address QR2_IP = Ipv4Address.parse("192.168.81.1");
    static final Ipv4Address VM2 = Ipv4Address.parse("192.168.80.6");
    static final Ipv4Address VM3 = Ipv4Address.parse("192.168.80.7");
    static final Ipv4Address VM4 = Ipv4Address.parse("192.168.80.8");
    static final Ipv4Address OTHER_SUBNET_VM = Ipv4Address.parse("192.168.81.7");
    static final Ipv4Address CLIENT = Ipv4Address.parse("203.0.113.50");
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.20");

    static final long SECOND = 1_000_000_000L;

    static final Map<String, Ipv4Address> ADDRESSES = Map.of(QG, GATEWAY_IP, QR, QR_IP, QR2, QR2_IP);

    static NetfilterTables rules() {
        return NeutronRouterRules.router(QG, GATEWAY_IP).floatingIp(FIP, FIXED).build();
    }

    /** One network node's qrouter namespace: its own netfilter, its own conntrack. */
    static RouterFixture node() {
        return new RouterFixture(Netfilter.forRouter(rules(), ADDRESSES::get));
    }

    final Netfilter netfilter;
    /** Where the last packet went: an interface, or {@link #LOCAL}. */
    String lastOut;

    RouterFixture(Netfilter netfilter) {
        this.netfilter = netfilter;
    }

    /** The routing table: connected subnets on qr-, local addresses (the FIP is a /32 on qg-), default via qg-. */
    static String route(Ipv4Address dst) {
        if (dst.equals(GATEWAY_IP) || dst.equals(FIP) || dst.equals(QR_IP) || dst.equals(QR2_IP)) {
            return LOCAL;
        }
        if (dst.inSubnet(QR_IP, 24)) {
            return QR;
        }
        if (dst.inSubnet(QR2_IP, 24)) {
            return QR2;
        }
        return QG;
    }

    /** A packet received on {@code in}: PREROUTING, routing, then FORWARD + POSTROUTING or INPUT. */
    Ipv4Packet receive(long now, Ipv4Packet packet, String in) {
        lastOut = null;
        Ipv4Packet routed = netfilter.prerouting(now, packet, in);
        if (routed == null) {
            return null;
        }
        String out = route(routed.dst());
        lastOut = out;
        if (out.equals(LOCAL)) {
            return netfilter.input(now, routed, in);
        }
        Ipv4Packet forwarded = netfilter.forward(now, decrementTtl(routed), in, out);
        return forwarded == null ? null : netfilter.postrouting(now, forwarded, out);
    }

    /** A packet the namespace itself sends: OUTPUT, routing, POSTROUTING. */
    Ipv4Packet send(long now, Ipv4Packet packet) {
        Ipv4Packet routed = netfilter.output(now, packet);
        if (routed == null) {
            return null;
        }
        lastOut = route(routed.dst());
        return netfilter.postrouting(now, routed, lastOut);
    }

    // ip_forward decreases the TTL before the FORWARD hook: the stack hands on a new packet object.
    private static Ipv4Packet decrementTtl(Ipv4Packet p) {
        return Ipv4Packet.of(p.src(), p.dst(), p.ttl() - 1, p.identification(), p.dontFragment(), p.payload());
    }

    static Ipv4Packet tcp(Ipv4Address src, int sport, Ipv4Address dst, int dport, int flags) {
        return Ipv4Packet.of(src, dst, 64, TcpSegment.of(sport, dport, 1000, flags == TcpSegment.SYN ? 0 : 5000,
                flags, 64_240, new byte[0]));
    }

    static Ipv4Packet udp(Ipv4Address src, int sport, Ipv4Address dst, int dport) {
        return Ipv4Packet.of(src, dst, 64, UdpDatagram.of(sport, dport, RawUdpPayload.of(new byte[] {1, 2, 3})));
    }

    static Ipv4Packet ping(Ipv4Address src, Ipv4Address dst, int id) {
        return Ipv4Packet.of(src, dst, 64, IcmpEcho.request(id, 1, new byte[8]));
    }

    static Ipv4Packet pong(Ipv4Address src, Ipv4Address dst, int id) {
        return Ipv4Packet.of(src, dst, 64, IcmpEcho.request(id, 1, new byte[8]).reply());
    }

    static TcpSegment segment(Ipv4Packet packet) {
        return (TcpSegment) packet.payload();
    }

    static final int SYN = TcpSegment.SYN;
    static final int SYN_ACK = TcpSegment.SYN | TcpSegment.ACK;
    static final int ACK = TcpSegment.ACK;
    static final int PSH_ACK = TcpSegment.PSH | TcpSegment.ACK;
    static final int FIN_ACK = TcpSegment.FIN | TcpSegment.ACK;
    static final int RST = TcpSegment.RST;
}
