package io.kagami.net.netfilter;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The connection tracking table of one namespace ({@code nf_conntrack}): entries findable by their
 * original and their reply tuple, created by the first packet of a connection, confirmed (inserted)
 * when that packet leaves the last hook, refreshed by every packet with the timeout of the
 * protocol's state, expired lazily in virtual time (on lookup, on {@link #sweep}) with no timer events.
 *
 * <p>Behaviour follows the Linux kernel's {@code net/netfilter/nf_conntrack_core.c} and the trackers
 * {@code nf_conntrack_proto_tcp.c}, {@code _udp.c}, {@code _icmp.c}, {@code _generic.c}:
 * <ul>
 * <li>TCP: a SYN creates an entry in SYN_SENT; with {@code nf_conntrack_tcp_loose=1} an ACK without SYN,
 *     FIN or RST creates one in ESTABLISHED (a mid-stream pickup), capped at the "unacknowledged"
 *     timeout until a reply is seen; a FIN or RST without an entry is invalid. A RST moves to CLOSE,
 *     or deletes the entry at once if no reply was ever seen. A SYN on a TIME_WAIT or CLOSE entry
 *     replaces it with a new connection. ASSURED once the handshake completes.</li>
 * <li>UDP: 30 s until a reply is seen, then 120 s and ASSURED once the flow is older than 2 s.</li>
 * <li>ICMP: only echo requests create entries; 30 s.</li>
 * <li>Other protocols: tracked by addresses, 600 s.</li>
 * </ul>
 * Invalid packets pass untracked, so NAT leaves them alone. The table is per namespace: nothing is
 * synchronised between network nodes (no conntrackd, DOMAIN.md section 5). Left out: RELATED (ICMP
 * errors, helpers), window tracking, the retransmission timeouts, early drop when full (new
 * connections are refused instead), zones, marks, events.
 */
public final class Conntrack {

    /** What tracking decided for a packet. */
    public enum Outcome {
        /** The packet belongs to {@link Tracked#entry()}. */
        TRACKED,
        /** Conntrack could not make sense of it (a FIN with no entry, say): it goes on untracked. */
        INVALID,
        /** The table is full: the kernel drops the packet. */
        DROP
    }

    /**
     * The result of tracking one packet.
     *
     * @param isNew whether the packet counts as NEW: the original direction before any reply
     * @param created whether this packet created the entry
     */
    public record Tracked(Outcome outcome, ConntrackEntry entry, Direction direction, boolean isNew,
                          boolean created) {
        static final Tracked INVALID = new Tracked(Outcome.INVALID, null, null, false, false);
        static final Tracked DROP = new Tracked(Outcome.DROP, null, null, false, false);
    }

    /** A connection's original source, the key of the kernel's NAT "bysource" hash. */
    private record Source(int protocol, Ipv4Address address, int port) {}

    private static final long UDP_STREAM_AFTER_NANOS = 2_000_000_000L;

    private final ConntrackSettings settings;
    private final Map<Tuple, ConntrackEntry> byTuple = new HashMap<>();
    private final Map<Long, ConntrackEntry> bySequence = new LinkedHashMap<>();
    /** An entry was inserted or deleted since {@link #sample} last counted. */
    private boolean countChanged;
    /** No entry expires before this, since {@link #sample} last counted (refreshes only lower it). */
    private long earliestExpiry = VirtualTime.NEVER;
    private final Map<Source, List<ConntrackEntry>> bySource = new HashMap<>();
    private long nextSequence;

    public Conntrack(ConntrackSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ConntrackSettings settings() {
        return settings;
    }

    /**
     * Tracks {@code packet} ({@code nf_conntrack_in}): finds its entry and direction, or creates an
     * unconfirmed entry for a new connection, and updates the protocol state and timeout.
     */
    public Tracked track(Ipv4Packet packet, long now) {
        Tuple tuple = Tuple.of(packet);
        ConntrackEntry entry = lookup(tuple, now);
        if (entry != null) {
            Direction direction = tuple.equals(entry.original()) ? Direction.ORIGINAL : Direction.REPLY;
            int verdict = update(entry, direction, packet, now);
            if (verdict == REOPEN) {
                kill(entry);
            } else if (verdict == TcpConntrackState.INVALID) {
                return Tracked.INVALID;
            } else {
                boolean isNew = direction == Direction.ORIGINAL && !entry.seenReply();
                if (direction == Direction.REPLY) {
                    entry.set(ConntrackEntry.SEEN_REPLY); // after the tracker ran, as in nf_conntrack_in
                }
                return new Tracked(Outcome.TRACKED, entry, direction, isNew, false);
            }
        }
        return create(tuple, packet, now);
    }

    private Tracked create(Tuple tuple, Ipv4Packet packet, long now) {
        boolean pickedUp = false;
        if (tuple.protocol() == Tuple.TCP) {
            int flags = ((TcpSegment) packet.payload()).flags();
            int first = TcpConntrackState.next(Direction.ORIGINAL, flags, TcpConntrackState.NONE);
            if (first == TcpConntrackState.ESTABLISHED.ordinal()) {
                if (!settings.tcpLoose()) {
                    return Tracked.INVALID;
                }
                pickedUp = true;
            } else if (first != TcpConntrackState.SYN_SENT.ordinal()) {
                return Tracked.INVALID;
            }
        } else if (tuple.protocol() == Tuple.ICMP && tuple.dstPort() != Tuple.ICMP_ECHO_REQUEST) {
            return Tracked.INVALID; // icmp_new: only requests start a connection
        }
        if (bySequence.size() >= settings.maxEntries()) {
            sweep(now);
            if (bySequence.size() >= settings.maxEntries()) {
                return Tracked.DROP;
            }
        }
        ConntrackEntry entry = new ConntrackEntry(nextSequence++, tuple, now, pickedUp);
        update(entry, Direction.ORIGINAL, packet, now);
        return new Tracked(Outcome.TRACKED, entry, Direction.ORIGINAL, true, true);
    }

    private static final int ACCEPTED = 0;
    private static final int REOPEN = -3;

    /** Gives {@code entry} {@code timeout} seconds from {@code now}; the count may change when they are over. */
    private void refresh(ConntrackEntry entry, long now, int timeout) {
        entry.refresh(now, timeout);
        earliestExpiry = Math.min(earliestExpiry, entry.expiresAt());
    }

    /**
     * The earliest virtual time at which {@link #sample} may differ from what it last returned: now if
     * an entry was inserted or deleted since, else the earliest expiry it may have to count;
     * {@link VirtualTime#NEVER} if nothing can change it without a packet.
     */
    public long nextCountChange(long now) {
        return countChanged ? now : earliestExpiry;
    }

    /** The protocol tracker for one packet: new state and timeout, or INVALID, IGNORE, REOPEN. */
    private int update(ConntrackEntry entry, Direction direction, Ipv4Packet packet, long now) {
        ConntrackTimeouts timeouts = settings.timeouts();
        switch (entry.original().protocol()) {
            case Tuple.TCP -> {
                return updateTcp(entry, direction, ((TcpSegment) packet.payload()).flags(), now);
            }
            case Tuple.UDP -> {
                boolean stream = entry.seenReply() && now - entry.createdAt() > UDP_STREAM_AFTER_NANOS;
                refresh(entry, now, stream ? timeouts.udpStream() : timeouts.udp());
                if (stream) {
                    entry.set(ConntrackEntry.ASSURED);
                }
            }
            case Tuple.ICMP -> refresh(entry, now, timeouts.icmp());
            default -> refresh(entry, now, timeouts.generic());
        }
        return ACCEPTED;
    }

    // tcp_packet() of nf_conntrack_proto_tcp.c, without the window checks.
    private int updateTcp(ConntrackEntry entry, Direction direction, int flags, long now) {
        TcpConntrackState old = entry.tcpState();
        int next = TcpConntrackState.next(direction, flags, old);
        if (next == TcpConntrackState.INVALID || next == TcpConntrackState.IGNORE) {
            return next;
        }
        TcpConntrackState state = TcpConntrackState.values()[next];
        if (state == TcpConntrackState.SYN_SENT && direction == Direction.ORIGINAL
                && (old == TcpConntrackState.TIME_WAIT || old == TcpConntrackState.CLOSE)) {
            return REOPEN; // "Attempt to reopen a closed/aborted connection": delete it, look up again
        }
        entry.setTcpState(state);
        ConntrackTimeouts timeouts = settings.timeouts();
        int timeout = state.timeoutSeconds(timeouts);
        if (!entry.seenReply()) {
            if ((flags & TcpSegment.RST) != 0) {
                kill(entry); // "If only reply is a RST, we can consider ourselves not to have an established connection"
                return ACCEPTED;
            }
            if (state == TcpConntrackState.ESTABLISHED) {
                timeout = Math.min(timeout, timeouts.tcpUnacknowledged()); // mid-stream pickup, no reply yet
            }
        } else if (!entry.assured() && state == TcpConntrackState.ESTABLISHED
                && (old == TcpConntrackState.SYN_RECV || old == TcpConntrackState.ESTABLISHED)) {
            entry.set(ConntrackEntry.ASSURED);
        }
        refresh(entry, now, timeout);
        return ACCEPTED;
    }

    /** The live entry with {@code tuple} as its original or reply tuple, or null; drops it if expired. */
    public ConntrackEntry lookup(Tuple tuple, long now) {
        ConntrackEntry entry = byTuple.get(tuple);
        if (entry != null && entry.expired(now)) {
            remove(entry);
            return null;
        }
        return entry;
    }

    /**
     * Whether a live entry other than {@code ignored} uses {@code tuple} in either direction
     * ({@code nf_conntrack_tuple_taken}).
     */
    boolean isTaken(Tuple tuple, ConntrackEntry ignored, long now) {
        ConntrackEntry entry = lookup(tuple, now);
        return entry != null && entry != ignored;
    }

    /**
     * Inserts an unconfirmed entry into the table ({@code __nf_conntrack_confirm}), as its first
     * packet leaves POSTROUTING or INPUT. False if another entry took one of its tuples meanwhile: the
     * kernel then drops the packet.
     */
    boolean confirm(ConntrackEntry entry, long now) {
        if (entry.confirmed() || entry.has(ConntrackEntry.DYING)) {
            return true;
        }
        if (isTaken(entry.original(), entry, now) || isTaken(entry.reply(), entry, now)) {
            return false;
        }
        byTuple.put(entry.original(), entry);
        byTuple.put(entry.reply(), entry);
        bySequence.put(entry.sequence(), entry);
        countChanged = true;
        if (entry.sourceNat()) {
            Tuple original = entry.original();
            bySource.computeIfAbsent(new Source(original.protocol(), original.src(), original.natKey(true)),
                    k -> new ArrayList<>()).add(entry);
        }
        entry.set(ConntrackEntry.CONFIRMED);
        return true;
    }

    /**
     * The live source-NATed entries whose original source is {@code protocol}, {@code address},
     * {@code port} (the ICMP identifier for ICMP), newest first: the kernel's {@code nf_nat_bysource}.
     */
    List<ConntrackEntry> sameSource(int protocol, Ipv4Address address, int port, long now) {
        List<ConntrackEntry> entries = bySource.get(new Source(protocol, address, port));
        if (entries == null) {
            return List.of();
        }
        List<ConntrackEntry> live = new ArrayList<>(entries.size());
        for (ConntrackEntry entry : List.copyOf(entries)) {
            if (entry.expired(now)) {
                remove(entry);
            } else {
                live.add(entry);
            }
        }
        Collections.reverse(live);
        return live;
    }

    /** Deletes an entry (RST, reopen, or {@code conntrack -D}); an unconfirmed one is just marked dying. */
    public void kill(ConntrackEntry entry) {
        entry.set(ConntrackEntry.DYING);
        if (entry.confirmed()) {
            remove(entry);
            countChanged = true;
        }
    }

    private void remove(ConntrackEntry entry) {
        entry.set(ConntrackEntry.DYING);
        byTuple.remove(entry.original(), entry);
        byTuple.remove(entry.reply(), entry);
        bySequence.remove(entry.sequence());
        Tuple original = entry.original();
        List<ConntrackEntry> sources = bySource.get(new Source(original.protocol(), original.src(),
                original.natKey(true)));
        if (sources != null) {
            sources.remove(entry);
            if (sources.isEmpty()) {
                bySource.remove(new Source(original.protocol(), original.src(), original.natKey(true)));
            }
        }
    }

    /** Removes every entry expired at {@code now}; returns how many. */
    public int sweep(long now) {
        List<ConntrackEntry> expired = new ArrayList<>();
        for (ConntrackEntry entry : bySequence.values()) {
            if (entry.expired(now)) {
                expired.add(entry);
            }
        }
        expired.forEach(this::remove);
        return expired.size();
    }

    /** The number of live (confirmed, unexpired) entries, {@code nf_conntrack_count}. */
    public int size(long now) {
        sweep(now);
        return bySequence.size();
    }

    /** {@link #size}, for a sample of the count over time: {@link #nextCountChange} counts from here. */
    public int sample(long now) {
        int size = size(now);
        countChanged = false;
        earliestExpiry = VirtualTime.NEVER;
        bySequence.values().forEach(e -> earliestExpiry = Math.min(earliestExpiry, e.expiresAt()));
        return size;
    }

    /** The live entries, oldest first. */
    public List<ConntrackEntry> entries(long now) {
        sweep(now);
        return List.copyOf(bySequence.values());
    }

    /** The live entries as {@code conntrack -L} prints them, oldest first. */
    public List<String> list(long now) {
        List<String> lines = new ArrayList<>();
        for (ConntrackEntry entry : entries(now)) {
            lines.add(entry.conntrackLine(now));
        }
        return lines;
    }

    /** Deletes every entry with {@code address} in a tuple, as Neutron does when it removes a floating IP. */
    public int deleteByAddress(Ipv4Address address, long now) {
        int deleted = 0;
        for (ConntrackEntry entry : entries(now)) {
            Tuple o = entry.original();
            Tuple r = entry.reply();
            if (o.src().equals(address) || o.dst().equals(address) || r.src().equals(address)
                    || r.dst().equals(address)) {
                remove(entry);
                deleted++;
            }
        }
        return deleted;
    }
}
