package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Packet;
import java.util.Objects;

/**
 * The NAT core of one namespace ({@code net/netfilter/nf_nat_core.c}): binds a new connection to a
 * mapping chosen by a NAT target, by rewriting its conntrack reply tuple, and rewrites each packet of
 * a bound connection to fit. A binding is set once per connection and manip type (destination at
 * PREROUTING or OUTPUT, source at POSTROUTING or INPUT); when no rule matched, a "null binding" maps the
 * connection onto itself, which still makes its tuple unique.
 *
 * <p>Choosing a unique tuple follows {@code get_unique_tuple}: for source NAT, keep the original
 * tuple if it is already in the range and unused, or reuse the mapping an existing connection from the
 * same source address and port has ({@code find_appropriate_src}); otherwise map the address and keep
 * the port if the resulting tuple is unused ({@code nf_nat_used_tuple}: no live entry holds its
 * inverse). On a clash the port (or ICMP identifier) is searched from a per-protocol rover over
 * 1024-65535 (1-511 or 600-1023 for low ports, all 65536 identifiers for ICMP), as Linux did until 4.x
 * with {@code nf_nat_l4proto_unique_tuple} and its static {@code *_port_rover}; newer kernels start
 * from a random offset instead, which this deterministic twin does not, except under
 * {@code --random-fully}, whose port comes from a seeded stream of the namespace's own. A destination rewrite never
 * changes the port unless the rule gives one. Left out: address ranges (one address per target),
 * {@code --persistent}, {@code --random}, helpers and sequence adjustment.
 */
final class NatBinder {

    private final Conntrack conntrack;
    private final int[] rovers = new int[256];
    /** --random-fully's port choice: the kernel draws it from prandom; here a stream per namespace. */
    private final java.util.SplittableRandom random;

    NatBinder(Conntrack conntrack, long seed) {
        this.conntrack = Objects.requireNonNull(conntrack, "conntrack");
        this.random = new java.util.SplittableRandom(seed);
    }

    /** Whether {@code entry} already has its binding for this manip type ({@code nf_nat_initialized}). */
    static boolean bound(ConntrackEntry entry, boolean source) {
        return entry.has(source ? ConntrackEntry.SRC_NAT_DONE : ConntrackEntry.DST_NAT_DONE);
    }

    /** Binds an unconfirmed entry to {@code range} ({@code nf_nat_setup_info}). */
    void bind(ConntrackEntry entry, NatRange range, boolean source, long now) {
        Tuple current = entry.reply().invert(); // what the original packets look like after earlier manips
        Tuple mapped = uniqueTuple(current, range, entry, source, now);
        if (!mapped.equals(current)) {
            entry.setReply(mapped.invert());
            entry.set(source ? ConntrackEntry.SRC_NAT : ConntrackEntry.DST_NAT);
        }
        entry.set(source ? ConntrackEntry.SRC_NAT_DONE : ConntrackEntry.DST_NAT_DONE);
    }

    /** Binds an entry no NAT rule matched onto its own address ({@code nf_nat_alloc_null_binding}). */
    void bindToSelf(ConntrackEntry entry, boolean source, long now) {
        Tuple reply = entry.reply();
        bind(entry, NatRange.to(source ? reply.dst() : reply.src()), source, now);
    }

    /**
     * {@code packet}, travelling in {@code direction} of {@code entry}, rewritten at a source (POSTROUTING,
     * INPUT) or destination (PREROUTING, OUTPUT) hook ({@code nf_nat_manip_pkt}): original packets of a
     * DNAT connection get the new destination, their replies the old source back, and likewise for SNAT.
     */
    Ipv4Packet translate(ConntrackEntry entry, Direction direction, boolean source, Ipv4Packet packet) {
        int statusBit = source ? ConntrackEntry.SRC_NAT : ConntrackEntry.DST_NAT;
        if (direction == Direction.REPLY) {
            statusBit = source ? ConntrackEntry.DST_NAT : ConntrackEntry.SRC_NAT;
        }
        if (!entry.has(statusBit)) {
            return packet;
        }
        Tuple target = entry.tuple(direction.opposite()).invert();
        return source
                ? PacketRewriter.withSource(packet, target.src(), target.natKey(true))
                : PacketRewriter.withDestination(packet, target.dst(), target.natKey(false));
    }

    private boolean used(Tuple tuple, ConntrackEntry entry, long now) {
        return conntrack.isTaken(tuple.invert(), entry, now);
    }

    private static boolean inRange(Tuple tuple, NatRange range) {
        return tuple.src().equals(range.address()) && (!tuple.hasPorts() || range.portInRange(tuple.srcPort()));
    }

    private Tuple uniqueTuple(Tuple original, NatRange range, ConntrackEntry entry, boolean source, long now) {
        if (source && !range.randomFully()) {
            if (inRange(original, range)) {
                if (!used(original, entry, now)) {
                    return original;
                }
            } else {
                Tuple reused = appropriateSource(original, range, now);
                if (reused != null && !used(reused, entry, now)) {
                    return reused;
                }
            }
        }
        Tuple tuple = original.withManip(source, range.address(), original.natKey(source));
        if (!range.randomFully()) {
            if (range.portsSpecified()) {
                if (range.portInRange(tuple.natKey(source))
                        && (range.minPort() == range.maxPort() || !used(tuple, entry, now))) {
                    return tuple;
                }
            } else if (!used(tuple, entry, now)) {
                return tuple;
            }
        }
        return searchKey(tuple, range, entry, source, now);
    }

    /** {@code find_appropriate_src}: the mapping a live connection from the same source already has. */
    private Tuple appropriateSource(Tuple original, NatRange range, long now) {
        for (ConntrackEntry other : conntrack.sameSource(original.protocol(), original.src(),
                original.natKey(true), now)) {
            Tuple mapped = other.reply().invert();
            Tuple candidate = new Tuple(original.protocol(), mapped.src(), original.dst(),
                    mapped.srcPort(), original.dstPort());
            if (inRange(candidate, range)) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code nf_nat_l4proto_unique_tuple} with the rover of Linux 3.x. */
    private Tuple searchKey(Tuple tuple, NatRange range, ConntrackEntry entry, boolean source, long now) {
        int min;
        int size;
        if (tuple.protocol() == Tuple.ICMP) {
            min = range.portsSpecified() ? range.minPort() : 0;
            size = range.portsSpecified() ? range.maxPort() - range.minPort() + 1 : 65_536;
        } else if (tuple.hasPorts()) {
            if (range.portsSpecified()) {
                min = range.minPort();
                size = range.maxPort() - range.minPort() + 1;
            } else if (!source) {
                return tuple; // "If it's dst rewrite, can't change port"
            } else {
                int port = tuple.natKey(true);
                if (port < 512) {
                    min = 1;
                    size = 511;
                } else if (port < 1024) {
                    min = 600;
                    size = 1023 - 600 + 1;
                } else {
                    min = 1024;
                    size = 65_535 - 1024 + 1;
                }
            }
        } else {
            return tuple;
        }
        int protocol = tuple.protocol();
        boolean randomFully = range.randomFully();
        int offset = randomFully ? random.nextInt(size) : rovers[protocol];
        for (int tried = 1; ; tried++, offset = (offset + 1) & 0xFFFF) { // offset is a u16, as in the kernel
            Tuple candidate = tuple.withManip(source, range.address(), min + offset % size);
            if (tried != size && used(candidate, entry, now)) {
                continue;
            }
            if (!randomFully) {
                rovers[protocol] = offset;
            }
            return candidate; // unique, or the last one tried: the clash then drops the packet at confirm
        }
    }
}
