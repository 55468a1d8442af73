package io.kagami.net.pcap;

import io.kagami.net.packet.EthernetFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes Ethernet frames to a capture file in the classic libpcap format that tcpdump, tshark and
 * Wireshark read: a 24-byte file header (magic 0xa1b23c4d for nanosecond timestamps, version 2.4,
 * snaplen 262144, link type 1 Ethernet) then, for each frame, a 16-byte record header and the frame's
 * bytes, little-endian as tcpdump writes it on x86. Timestamps are the run's virtual time, seconds and
 * nanoseconds since its start (the "1970" a reader shows is the start of the run). Frames are written
 * whole: none is longer than the snaplen. Left out: pcapng, other link types, and the FCS.
 *
 * <p>The writer buffers; the caller owns the stream's origin (a file, a socket) and this writer closes
 * it. Not thread-safe: a capture point belongs to one entity.
 */
public final class PcapWriter implements Closeable {

    /** The magic number of a classic pcap file with nanosecond timestamps. */
    public static final int MAGIC_NANOSECONDS = 0xA1B2_3C4D;
    /** The largest frame a record holds whole, tcpdump's default snapshot length. */
    public static final int SNAPLEN = 262_144;
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;

    private static final int VERSION_MAJOR = 2;
    private static final int VERSION_MINOR = 4;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_SECONDS = 0xFFFF_FFFFL;

    private final OutputStream out;
    private final ByteBuf buffer = Unpooled.buffer();
    private boolean closed;

    /**
     * A writer to {@code out}, which it buffers, writing the file header at once.
     *
     * @throws IOException if writing the header fails
     */
    public PcapWriter(OutputStream out) throws IOException {
        this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"));
        buffer.writeIntLE(MAGIC_NANOSECONDS);
        buffer.writeShortLE(VERSION_MAJOR);
        buffer.writeShortLE(VERSION_MINOR);
        buffer.writeIntLE(0); // thiszone: timestamps are UTC, which virtual time has no reason not to be
        buffer.writeIntLE(0); // sigfigs, always 0
        buffer.writeIntLE(SNAPLEN);
        buffer.writeIntLE(LINKTYPE_ETHERNET);
        buffer.readBytes(this.out, buffer.readableBytes());
        buffer.clear();
    }

    /**
     * Appends {@code frame}, padded to the Ethernet minimum as on the wire, stamped with
     * {@code virtualTimeNanos}.
     *
     * @throws IllegalArgumentException if the time is negative or beyond the 32-bit seconds of the format
     * @throws IllegalStateException if the writer is closed
     * @throws IOException if the stream fails
     */
    public void write(long virtualTimeNanos, EthernetFrame frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("pcap writer is closed");
        }
        if (virtualTimeNanos < 0 || virtualTimeNanos / NANOS_PER_SECOND > MAX_SECONDS) {
            throw new IllegalArgumentException("virtual time " + virtualTimeNanos + " ns out of the pcap range 0.."
                    + MAX_SECONDS + " s");
        }
        int length = frame.length();
        try {
            buffer.writeIntLE((int) (virtualTimeNanos / NANOS_PER_SECOND));
            buffer.writeIntLE((int) (virtualTimeNanos % NANOS_PER_SECOND));
            buffer.writeIntLE(length); // captured length
            buffer.writeIntLE(length); // length on the wire
            frame.encode(buffer);
            buffer.readBytes(out, buffer.readableBytes());
        } finally {
            buffer.clear(); // also after a failed encode, so the next record starts clean
        }
    }

    /** Flushes and closes the stream; closing again does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        buffer.release();
        out.close();
    }
}
