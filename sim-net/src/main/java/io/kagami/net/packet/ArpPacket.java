package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * An ARP packet for IPv4 over Ethernet (RFC 826): hardware type 1, protocol type 0x0800, address
 * lengths 6 and 4, operation request or reply, then the sender's and the target's MAC and IPv4
 * addresses, 28 bytes in all. A gratuitous ARP announces the sender's own address, with the same IPv4
 * address as sender and target; keepalived sends such requests for its VIPs on becoming master, and
 * neighbours update their caches from them. Left out: RARP, InARP, ARP over other hardware or for
 * other protocols (decoding rejects them), and the ARP cache, which belongs to the IP stack that uses
 * these packets.
 */
public final class ArpPacket implements EtherPayload {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;

    /** The EtherType of ARP. */
    public static final int ETHER_TYPE = 0x0806;
    /** The length of an Ethernet/IPv4 ARP packet. */
    public static final int LENGTH = 28;

    private static final int HARDWARE_ETHERNET = 1;
    private static final int HARDWARE_LENGTH = 6;
    private static final int PROTOCOL_LENGTH = 4;

    /** The ARP operation, with its code on the wire. */
    public enum Op {
        REQUEST(1),
        REPLY(2);

        private final int code;

        Op(int code) {
            this.code = code;
        }

        /** 1 for a request, 2 for a reply. */
        public int code() {
            return code;
        }
    }

    private final Op op;
    private final MacAddress senderMac;
    private final Ipv4Address senderIp;
    private final MacAddress targetMac;
    private final Ipv4Address targetIp;

    private ArpPacket(Op op, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp) {
        this.op = Objects.requireNonNull(op, "op");
        this.senderMac = Objects.requireNonNull(senderMac, "senderMac");
        this.senderIp = Objects.requireNonNull(senderIp, "senderIp");
        this.targetMac = Objects.requireNonNull(targetMac, "targetMac");
        this.targetIp = Objects.requireNonNull(targetIp, "targetIp");
    }

    /** "Who has {@code targetIp}? Tell {@code senderIp}", with the unknown target MAC 00:00:00:00:00:00. */
    public static ArpPacket request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) {
        return new ArpPacket(Op.REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
    }

    /** "{@code senderIp} is at {@code senderMac}", to the asker. */
    public static ArpPacket reply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
            Ipv4Address targetIp) {
        return new ArpPacket(Op.REPLY, senderMac, senderIp, targetMac, targetIp);
    }

    /**
     * A gratuitous ARP announcing that {@code ip} is at {@code mac}: a request with sender and target
     * IPv4 address both {@code ip}. The target MAC is ff:ff:ff:ff:ff:ff as keepalived writes it
     * ({@code send_gratuitous_arp_immediate} in {@code vrrp_arp.c}); the kernel's own announcements
     * ({@code arp_notify}, {@code arping -U}) leave it zero, which receivers treat the same.
     */
    public static ArpPacket gratuitous(MacAddress mac, Ipv4Address ip) {
        return new ArpPacket(Op.REQUEST, mac, ip, MacAddress.BROADCAST, ip);
    }

    public Op op() {
        return op;
    }

    public MacAddress senderMac() {
        return senderMac;
    }

    public Ipv4Address senderIp() {
        return senderIp;
    }

    public MacAddress targetMac() {
        return targetMac;
    }

    public Ipv4Address targetIp() {
        return targetIp;
    }

    /** Whether sender and target IPv4 address are the same, as Wireshark decides it; either operation. */
    public boolean isGratuitous() {
        return senderIp.equals(targetIp);
    }

    @Override
    public int etherType() {
        return ETHER_TYPE;
    }

    @Override
    public int length() {
        return LENGTH;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeShort(HARDWARE_ETHERNET);
        out.writeShort(Ipv4Packet.ETHER_TYPE);
        out.writeByte(HARDWARE_LENGTH);
        out.writeByte(PROTOCOL_LENGTH);
        out.writeShort(op.code());
        senderMac.write(out);
        out.writeInt(senderIp.bits());
        targetMac.write(out);
        out.writeInt(targetIp.bits());
    }

    /**
     * Decodes the 28 bytes at the reader index of {@code in}; bytes after them (link-layer padding) are
     * left unread. On success the reader index moves past the packet, on failure it does not move.
     *
     * @throws MalformedPacketException saying what is wrong, for bytes that are not an Ethernet/IPv4 ARP
     *     request or reply
     */
    public static ArpPacket decode(ByteBuf in) throws MalformedPacketException {
        int readable = in.readableBytes();
        Decoding.requireAtLeast("ARP packet", readable, LENGTH);
        int start = in.readerIndex();
        int hardware = in.getUnsignedShort(start);
        int protocol = in.getUnsignedShort(start + 2);
        int hardwareLength = in.getUnsignedByte(start + 4);
        int protocolLength = in.getUnsignedByte(start + 5);
        if (hardware != HARDWARE_ETHERNET || protocol != Ipv4Packet.ETHER_TYPE
                || hardwareLength != HARDWARE_LENGTH || protocolLength != PROTOCOL_LENGTH) {
            throw new MalformedPacketException(String.format("ARP for hardware type %d, protocol 0x%04x, address"
                    + " lengths %d/%d not modelled: only Ethernet/IPv4 (1, 0x0800, 6/4)",
                    hardware, protocol, hardwareLength, protocolLength));
        }
        int code = in.getUnsignedShort(start + 6);
        Op op;
        if (code == Op.REQUEST.code()) {
            op = Op.REQUEST;
        } else if (code == Op.REPLY.code()) {
            op = Op.REPLY;
        } else {
            throw new MalformedPacketException("ARP operation " + code + " not modelled: only 1 (request) and 2 (reply)");
        }
        ArpPacket packet = new ArpPacket(op, MacAddress.get(in, start + 8), new Ipv4Address(in.getInt(start + 14)),
                MacAddress.get(in, start + 18), new Ipv4Address(in.getInt(start + 24)));
        in.skipBytes(LENGTH);
        return packet;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArpPacket other
                && op == other.op
                && senderMac.equals(other.senderMac)
                && senderIp.equals(other.senderIp)
                && targetMac.equals(other.targetMac)
                && targetIp.equals(other.targetIp);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // the op's code, not the enum: an enum's hash is its identity, different in every JVM, and the
            // trace digest hashes packets (io.kagami.core.Digestible)
            // Objects.hash over the same fields, without its array and boxing
            h = 31 + op.code();
            h = 31 * h + senderMac.hashCode();
            h = 31 * h + senderIp.hashCode();
            h = 31 * h + targetMac.hashCode();
            h = 31 * h + targetIp.hashCode();
            hash = h;
        }
        return h;
    }

    /**
     * In tcpdump's words, for example {@code ARP request who-has 10.0.0.1 tell 10.0.0.5 (fa:16:3e:00:00:05)}
     * or {@code ARP reply 10.0.0.1 is-at fa:16:3e:00:00:01 (to 10.0.0.5 fa:16:3e:00:00:05)}.
     */
    @Override
    public String toString() {
        return op == Op.REQUEST
                ? "ARP request who-has " + targetIp + " tell " + senderIp + " (" + senderMac
                        + (targetMac.equals(MacAddress.ZERO) ? "" : " to " + targetMac) + ")"
                : "ARP reply " + senderIp + " is-at " + senderMac + " (to " + targetIp + " " + targetMac + ")";
    }
}
