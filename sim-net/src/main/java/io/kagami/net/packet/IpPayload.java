package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;

/**
 * The transport payload of an {@link Ipv4Packet}: what follows the IPv4 header. The addresses are
 * passed to {@link #encode} because some checksums (VRRP version 3, later UDP) cover an IPv4
 * pseudo-header.
 */
public interface IpPayload {

    /** The IP protocol number, 0..255 (112 for VRRP). */
    int protocol();

    /** The number of bytes {@link #encode} writes. */
    int length();

    /** Writes exactly {@link #length()} bytes at the writer index of {@code out}, checksums included. */
    void encode(ByteBuf out, Ipv4Address src, Ipv4Address dst);
}
