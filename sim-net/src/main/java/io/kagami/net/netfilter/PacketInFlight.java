package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Packet;

/**
 * A packet on its way through one namespace's hooks with what the kernel keeps beside it in the
 * {@code sk_buff}: the interfaces, the packet mark ({@code skb->mark}, set by the mangle table) and the
 * conntrack entry with the packet's direction in it ({@code skb->_nfct}). Rule matches read it; the
 * hooks update it. Left out: every other skb field (priority, connmark copies, security marks).
 */
public final class PacketInFlight {

    private Ipv4Packet packet;
    private final String inInterface;
    private String outInterface;
    private long mark;
    private ConntrackEntry entry;
    private Direction direction;
    private boolean ctNew;
    private Hook hook;

    PacketInFlight(Ipv4Packet packet, String inInterface, String outInterface) {
        this.packet = packet;
        this.inInterface = inInterface;
        this.outInterface = outInterface;
    }

    public Ipv4Packet packet() {
        return packet;
    }

    void setPacket(Ipv4Packet packet) {
        this.packet = packet;
    }

    /**
     * The interface the packet came in on, as {@code -i} sees it: null for a locally generated packet,
     * and at OUTPUT and POSTROUTING, where the kernel passes no input device to the hook.
     */
    public String inInterface() {
        return hook == Hook.OUTPUT || hook == Hook.POSTROUTING ? null : inInterface;
    }

    /**
     * The interface the packet leaves by, as {@code -o} sees it: null before the routing decision
     * (PREROUTING, INPUT) and at OUTPUT, whose hook here runs before the namespace routes the packet.
     */
    public String outInterface() {
        return hook == Hook.PREROUTING || hook == Hook.INPUT || hook == Hook.OUTPUT ? null : outInterface;
    }

    /** The hook the packet is at, or null outside the hooks (a rule tested by itself). */
    public Hook hook() {
        return hook;
    }

    void setHook(Hook hook) {
        this.hook = hook;
    }

    void setOutInterface(String outInterface) {
        this.outInterface = outInterface;
    }

    /** The packet mark, 32 bits. */
    public long mark() {
        return mark;
    }

    void setMark(long mark) {
        this.mark = mark & 0xFFFF_FFFFL;
    }

    /** The conntrack entry, or null for a packet conntrack found INVALID. */
    public ConntrackEntry conntrack() {
        return entry;
    }

    public Direction direction() {
        return direction;
    }

    /** Whether conntrack counts the packet as NEW: original direction, no reply seen yet. */
    public boolean ctNew() {
        return ctNew;
    }

    void track(ConntrackEntry entry, Direction direction, boolean ctNew) {
        this.entry = entry;
        this.direction = direction;
        this.ctNew = ctNew;
    }
}
