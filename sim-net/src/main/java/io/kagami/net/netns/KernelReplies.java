package io.kagami.net.netns;

import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;

/**
 * The packets the kernel's own protocol handlers send back, with no application involved: the ICMP
 * echo reply ({@code icmp_echo}) and the TCP reset for a segment no socket takes
 * ({@code tcp_v4_send_reset}, RFC 793 "Reset Generation"). Both leave with TTL
 * {@code ip_default_ttl} (64). The reset has DF set and IP ID 0, as the kernel's control socket
 * sends it; the echo reply has DF clear and IP ID 0, where the kernel would pick a hashed ID.
 * Left out: ICMP errors (port and host unreachable, time exceeded), which the packet model does not
 * carry.
 */
final class KernelReplies {

    /** {@code net.ipv4.ip_default_ttl}. */
    static final int IP_DEFAULT_TTL = 64;

    private KernelReplies() {}

    /** The reply to an echo request sent to one of our unicast addresses, from that address. */
    static Ipv4Packet echoReply(Ipv4Packet request, IcmpEcho echo) {
        return Ipv4Packet.of(request.dst(), request.src(), IP_DEFAULT_TTL, echo.reply());
    }

    /**
     * The reset for {@code segment} ({@link TcpSegment#resetFor}), from the address it was sent to, or
     * null for a reset (never answered).
     */
    static Ipv4Packet tcpReset(Ipv4Packet packet, TcpSegment segment) {
        TcpSegment reset = TcpSegment.resetFor(segment);
        return reset == null ? null : Ipv4Packet.of(packet.dst(), packet.src(), IP_DEFAULT_TTL, 0, true, reset);
    }
}
