package io.kagami.net.apps;

import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;

/**
 * The RST a host sends for a segment that belongs to no connection it has (RFC 9293 section 3.10.7.1,
 * Linux's tcp_v4_send_reset): to a segment with an ACK, a RST whose sequence number is that
 * acknowledgement; to one without, a RST-ACK acknowledging it. A RST is never answered.
 */
final class TcpReset {

    private TcpReset() {}

    /** The RST answering {@code received}, or null if it needs none (it is a RST, or not TCP). */
    static Ipv4Packet answer(Ipv4Packet received, int ttl) {
        if (!(received.payload() instanceof TcpSegment segment) || (segment.flags() & TcpSegment.RST) != 0) {
            return null;
        }
        TcpSegment reset;
        if ((segment.flags() & TcpSegment.ACK) != 0) {
            reset = TcpSegment.of(segment.dstPort(), segment.srcPort(), segment.ack(), 0, TcpSegment.RST, 0,
                    new byte[0]);
        } else {
            long length = segment.data().length + ((segment.flags() & TcpSegment.SYN) != 0 ? 1 : 0)
                    + ((segment.flags() & TcpSegment.FIN) != 0 ? 1 : 0);
            reset = TcpSegment.of(segment.dstPort(), segment.srcPort(), 0, TcpSeq.add(segment.seq(), length),
                    TcpSegment.RST | TcpSegment.ACK, 0, new byte[0]);
        }
        return Ipv4Packet.of(received.dst(), received.src(), ttl, 0, true, reset);
    }
}
