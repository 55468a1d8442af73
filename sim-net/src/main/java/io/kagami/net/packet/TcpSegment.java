package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A TCP segment (RFC 9293): ports, sequence and acknowledgement numbers, the flags {@link #FIN},
 * {@link #SYN}, {@link #RST}, {@link #PSH} and {@link #ACK} as a bitmask, the receive window, a checksum
 * over the IPv4 pseudo-header and the segment, and data. It is what the twin's probes and NAT need to
 * see: connection set-up and tear-down, and which flow a segment belongs to. Left out: options (none
 * are written, not even MSS on a SYN; decoding skips them using the data offset), window scaling, URG,
 * ECE and CWR with the urgent pointer (written as zero, ignored on decoding), and every part of the
 * connection state machine, which belongs to the stacks that exchange segments, but for the reset that
 * answers a segment outside any connection ({@link #resetFor}), which needs no state.
 */
public final class TcpSegment implements IpPayload {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;

    /** The IP protocol number of TCP. */
    public static final int PROTOCOL = 6;
    /** The header without options, data offset 5. */
    public static final int HEADER_LENGTH = 20;
    /** The most data that fits in an IPv4 packet. */
    public static final int MAX_DATA_LENGTH = Ipv4Packet.MAX_PAYLOAD_LENGTH - HEADER_LENGTH;

    /** No more data from the sender. */
    public static final int FIN = 0x01;
    /** Synchronise sequence numbers: opens a connection. */
    public static final int SYN = 0x02;
    /** Reset the connection. */
    public static final int RST = 0x04;
    /** Push the data to the application. */
    public static final int PSH = 0x08;
    /** The acknowledgement number is valid. */
    public static final int ACK = 0x10;

    private static final int MODELLED_FLAGS = FIN | SYN | RST | PSH | ACK;
    private static final int MIN_DATA_OFFSET = 5;
    private static final int CHECKSUM_OFFSET = 16;
    private static final long SEQUENCE_MASK = 0xFFFF_FFFFL;
    private static final byte[] NO_DATA = new byte[0];

    private final int srcPort;
    private final int dstPort;
    private final long seq;
    private final long ack;
    private final int flags;
    private final int window;
    private final byte[] data;

    private TcpSegment(int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] data) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq;
        this.ack = ack;
        this.flags = flags;
        this.window = window;
        this.data = data;
    }

    /**
     * A segment; {@code data} is copied.
     *
     * @param seq the sequence number, 0..2^32-1
     * @param ack the acknowledgement number, 0..2^32-1, meaningful with {@link #ACK}
     * @param flags a combination of {@link #FIN}, {@link #SYN}, {@link #RST}, {@link #PSH} and {@link #ACK}
     * @param window the receive window in bytes, 0..65535 (unscaled)
     * @throws IllegalArgumentException naming the field out of range, or for flags not listed above
     */
    public static TcpSegment of(int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] data) {
        Encoding.inRange("TCP source port", srcPort, 0xFFFF);
        Encoding.inRange("TCP destination port", dstPort, 0xFFFF);
        Encoding.inRange("TCP sequence number", seq, SEQUENCE_MASK);
        Encoding.inRange("TCP acknowledgement number", ack, SEQUENCE_MASK);
        Encoding.inRange("TCP window", window, 0xFFFF);
        Encoding.inRange("TCP data length", data.length, MAX_DATA_LENGTH);
        if ((flags & ~MODELLED_FLAGS) != 0) {
            throw new IllegalArgumentException(String.format("TCP flags 0x%02x: only FIN, SYN, RST, PSH and ACK"
                    + " (0x%02x) are modelled", flags, MODELLED_FLAGS));
        }
        return new TcpSegment(srcPort, dstPort, seq, ack, flags, window, data.clone());
    }

    /**
     * The reset a host sends for {@code received} when it belongs to no connection (RFC 9293 section
     * 3.10.7.1, RFC 793 "Reset Generation", Linux's {@code tcp_v4_send_reset}), from its destination
     * port to its source port, without data and with window 0: to a segment with ACK, a RST whose
     * sequence number is that acknowledgement number; to one without, a RST-ACK with sequence number
     * 0 acknowledging everything the segment occupied (data, SYN and FIN). Null if {@code received}
     * is itself a reset, which is never answered.
     */
    public static TcpSegment resetFor(TcpSegment received) {
        int flags = received.flags;
        if ((flags & RST) != 0) {
            return null;
        }
        if ((flags & ACK) != 0) {
            return of(received.dstPort, received.srcPort, received.ack, 0, RST, 0, NO_DATA);
        }
        long occupied = received.data.length + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        return of(received.dstPort, received.srcPort, 0, (received.seq + occupied) & SEQUENCE_MASK, RST | ACK, 0,
                NO_DATA);
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** The sequence number, 0..2^32-1. */
    public long seq() {
        return seq;
    }

    /** The acknowledgement number, 0..2^32-1. */
    public long ack() {
        return ack;
    }

    /** The flags bitmask: test with {@code (flags() & TcpSegment.SYN) != 0}. */
    public int flags() {
        return flags;
    }

    public int window() {
        return window;
    }

    /** A copy of the data. */
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int protocol() {
        return PROTOCOL;
    }

    @Override
    public int length() {
        return HEADER_LENGTH + data.length;
    }

    /** Writes the segment; {@code src} and {@code dst} enter the checksum's pseudo-header. */
    @Override
    public void encode(ByteBuf out, Ipv4Address src, Ipv4Address dst) {
        int start = out.writerIndex();
        out.writeShort(srcPort);
        out.writeShort(dstPort);
        out.writeInt((int) seq);
        out.writeInt((int) ack);
        out.writeShort(MIN_DATA_OFFSET << 12 | flags);
        out.writeShort(window);
        out.writeShort(0);
        out.writeShort(0);
        out.writeBytes(data);
        int length = length();
        out.setShort(start + CHECKSUM_OFFSET, InternetChecksum.checksum(out, start, length,
                InternetChecksum.ipv4PseudoHeaderSum(src, dst, PROTOCOL, length)));
    }

    /**
     * Decodes the {@code length} bytes at the reader index of {@code in}, the payload of an IPv4 packet
     * from {@code src} to {@code dst} (used by the checksum). On success the reader index moves past
     * them; on failure it does not move.
     *
     * @throws MalformedPacketException saying what is wrong, for bytes that are not a valid segment
     */
    public static TcpSegment decode(ByteBuf in, int length, Ipv4Address src, Ipv4Address dst)
            throws MalformedPacketException {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Decoding.requireReadable("TCP segment", in, length, Ipv4Packet.MAX_PAYLOAD_LENGTH);
        Decoding.requireAtLeast("TCP header", length, HEADER_LENGTH);
        int start = in.readerIndex();
        int dataOffset = in.getUnsignedByte(start + 12) >>> 4;
        if (dataOffset < MIN_DATA_OFFSET) {
            throw new MalformedPacketException("TCP data offset " + dataOffset + " words, minimum " + MIN_DATA_OFFSET);
        }
        int headerLength = dataOffset * 4;
        if (headerLength > length) {
            throw new MalformedPacketException("TCP header truncated: " + length + " bytes, data offset says "
                    + headerLength);
        }
        int pseudo = InternetChecksum.ipv4PseudoHeaderSum(src, dst, PROTOCOL, length);
        if (!InternetChecksum.isValid(in, start, length, pseudo)) {
            throw Decoding.badChecksum("TCP", in, start, length, CHECKSUM_OFFSET, pseudo);
        }
        byte[] data = new byte[length - headerLength];
        in.getBytes(start + headerLength, data);
        TcpSegment segment = new TcpSegment(in.getUnsignedShort(start), in.getUnsignedShort(start + 2),
                in.getUnsignedInt(start + 4), in.getUnsignedInt(start + 8),
                in.getUnsignedByte(start + 13) & MODELLED_FLAGS, in.getUnsignedShort(start + 14), data);
        in.skipBytes(length);
        return segment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpSegment other
                && srcPort == other.srcPort
                && dstPort == other.dstPort
                && seq == other.seq
                && ack == other.ack
                && flags == other.flags
                && window == other.window
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(srcPort, dstPort, seq, ack, flags, window, Arrays.hashCode(data));
            hash = h;
        }
        return h;
    }

    /** For example {@code TCP 51234 > 22 [SYN, ACK] seq=1000 ack=2001 win=64240 len=0}, len counting the data. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        String[] all = {"FIN", "SYN", "RST", "PSH", "ACK"};
        for (int bit = 0; bit < all.length; bit++) {
            if ((flags & 1 << bit) != 0) {
                names.add(all[bit]);
            }
        }
        return "TCP " + srcPort + " > " + dstPort + " " + names + " seq=" + seq + " ack=" + ack + " win=" + window
                + " len=" + data.length;
    }
}
