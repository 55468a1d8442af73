package io.kagami.net.netns;

import io.kagami.core.Context;
import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.DeviceInput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ARP cache of a namespace: Linux's neighbour state machine ({@code net/core/neighbour.c},
 * {@code neigh_timer_handler}, {@code __neigh_event_send}, {@code neigh_update}) with its default
 * parameters ({@code ip-sysctl.rst}, {@code neigh/default/*}):
 * <pre>
 *   (none|FAILED) --packet--> INCOMPLETE: broadcast request now and every retrans_time (1 s),
 *        mcast_solicit (3) in all, then FAILED; up to unres_qlen packets wait
 *   INCOMPLETE --unicast reply--> REACHABLE for reachable_time, drawn uniformly in
 *        [base_reachable_time/2, 3*base_reachable_time/2) = [15 s, 45 s) per interface, redrawn every 300 s
 *   REACHABLE --reachable_time after the last confirmation--> STALE (still used as it is)
 *   STALE --packet--> DELAY --delay_first_probe_time (5 s)--> PROBE: unicast request to the cached MAC
 *        now and every retrans_time, ucast_solicit (3) in all, then FAILED
 *   any valid state --unicast reply--> REACHABLE
 * </pre>
 * ARP updates ({@link #update}) follow {@code neigh_update}: a new address replaces the cached one only
 * with override (a gratuitous ARP, or locktime (1 s) passed since the last change), and a STALE update
 * with the same address leaves the state alone. The queue of packets waiting for resolution holds
 * unres_qlen = 101 packets, what the kernel derives from its default unres_qlen_bytes (212992) for
 * full-size frames; when it is full the oldest is dropped, as {@code __neigh_event_send} does.
 *
 * <p>Left out: confirmation by upper layers (TCP ACKs, MSG_CONFIRM), so a DELAY entry always goes to
 * PROBE; the REACHABLE-to-DELAY shortcut for an entry used on the slow path in the last
 * delay_first_probe_time, which cannot happen with these defaults (the slow path is not taken while
 * REACHABLE, and reachable_time is longer than delay_first_probe_time); the ICMP host unreachable
 * sent for packets dropped on FAILED; garbage collection (it does not run below gc_thresh1 = 128
 * entries); static entries; app_solicit (0 by default). Entries flushed with their device are not
 * recorded.
 */
final class NeighbourTable {

    static final long BASE_REACHABLE_TIME = 30 * VirtualTime.SECOND;
    static final long DELAY_FIRST_PROBE_TIME = 5 * VirtualTime.SECOND;
    static final long RETRANS_TIME = VirtualTime.SECOND;
    static final int UCAST_SOLICIT = 3;
    static final int MCAST_SOLICIT = 3;
    static final int UNRES_QLEN = 101;
    static final long LOCKTIME = VirtualTime.SECOND;
    /** How often the kernel redraws reachable_time ({@code neigh_periodic_work}). */
    static final long REACHABLE_TIME_REDRAW = 300 * VirtualTime.SECOND;

    /** Sends an ARP request for {@code target}: unicast to {@code to}, or broadcast when null. */
    interface Solicitor {
        void solicit(Context<DeviceInput> ctx, NetDevice device, Ipv4Address target, MacAddress to,
                Ipv4Packet waiting);
    }

    /** The timer of one entry, as its key and its message. */
    record Expiry(String device, Ipv4Address address) implements DeviceInput {}

    private static final class Entry {
        final NetDevice device;
        final Ipv4Address address;
        NeighbourState state;
        MacAddress lladdr;
        long updated;
        int probes;
        final ArrayDeque<Ipv4Packet> waiting = new ArrayDeque<>();

        Entry(NetDevice device, Ipv4Address address) {
            this.device = device;
            this.address = address;
        }

        Expiry key() {
            return new Expiry(device.name(), address);
        }

        NeighbourEntry view() {
            return new NeighbourEntry(device.name(), address, state.isValid() ? lladdr : null, state);
        }
    }

    private record Drawn(long reachableTime, long at) {}

    private final Solicitor solicitor;
    private final Map<Expiry, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Drawn> reachableTimes = new HashMap<>();

    NeighbourTable(Solicitor solicitor) {
        this.solicitor = solicitor;
    }

    boolean contains(NetDevice device, Ipv4Address address) {
        return entries.containsKey(new Expiry(device.name(), address));
    }

    /** The time since the entry's state or address last changed is within locktime. */
    boolean isLocked(Context<DeviceInput> ctx, NetDevice device, Ipv4Address address) {
        Entry e = entries.get(new Expiry(device.name(), address));
        return e != null && ctx.now() <= e.updated + LOCKTIME;
    }

    /** Sends {@code packet} to the neighbour {@code nextHop} on {@code device}, resolving it first if needed. */
    void send(Context<DeviceInput> ctx, NetDevice device, Ipv4Address nextHop, Ipv4Packet packet) {
        Entry e = entries.computeIfAbsent(new Expiry(device.name(), nextHop), k -> new Entry(device, nextHop));
        if (e.state == null || e.state == NeighbourState.FAILED) {
            e.probes = UCAST_SOLICIT; // skips the unicast probes: there is no address to probe yet
            change(ctx, e, NeighbourState.INCOMPLETE, null);
        } else if (e.state == NeighbourState.STALE) {
            change(ctx, e, NeighbourState.DELAY, e.lladdr);
            ctx.startTimer(e.key(), DELAY_FIRST_PROBE_TIME, e.key());
        }
        if (e.state == NeighbourState.INCOMPLETE) {
            if (e.waiting.size() == UNRES_QLEN) {
                e.waiting.removeFirst();
            }
            e.waiting.addLast(packet);
            if (!ctx.isTimerActive(e.key())) {
                probe(ctx, e);
            }
        } else {
            device.transmit(ctx, e.lladdr, packet);
        }
    }

    /**
     * What an ARP packet tells about {@code address}: it is at {@code lladdr}, REACHABLE if the packet
     * was a unicast reply to us, else STALE. {@code create} makes the entry if there is none (a request
     * for one of our addresses does; with arp_accept=0 nothing else does).
     */
    void update(Context<DeviceInput> ctx, NetDevice device, Ipv4Address address, MacAddress lladdr,
            NeighbourState state, boolean override, boolean create) {
        Expiry key = new Expiry(device.name(), address);
        Entry e = create ? entries.computeIfAbsent(key, k -> new Entry(device, address)) : entries.get(key);
        if (e == null) {
            return;
        }
        NeighbourState old = e.state;
        NeighbourState next = state;
        boolean valid = old != null && old.isValid();
        if (valid && !lladdr.equals(e.lladdr) && !override) {
            return;
        }
        if (valid && lladdr.equals(e.lladdr) && next == NeighbourState.STALE) {
            next = old;
        }
        if (state == NeighbourState.REACHABLE) {
            // A confirmation restarts reachable_time (the kernel re-arms from neigh->confirmed).
            ctx.startTimer(key, reachableTime(ctx, device), key);
        } else if (next != old) {
            ctx.cancelTimer(key);
        }
        if (next != old || !lladdr.equals(e.lladdr)) {
            change(ctx, e, next, lladdr);
        }
        if (!valid) {
            for (Ipv4Packet p : e.waiting) {
                device.transmit(ctx, lladdr, p);
            }
            e.waiting.clear();
        }
    }

    /** An entry's timer fired. */
    void expire(Context<DeviceInput> ctx, Expiry key) {
        Entry e = entries.get(key);
        switch (e.state) {
            case REACHABLE -> change(ctx, e, NeighbourState.STALE, e.lladdr);
            case DELAY -> {
                e.probes = 0;
                change(ctx, e, NeighbourState.PROBE, e.lladdr);
                probe(ctx, e);
            }
            case INCOMPLETE, PROBE -> probe(ctx, e);
            default -> throw new IllegalStateException("neighbour timer in state " + e.state + ": " + e.view());
        }
    }

    /** Forgets every entry of {@code device}, with the packets waiting (the device went down or lost carrier). */
    void flush(Context<DeviceInput> ctx, NetDevice device) {
        entries.values().removeIf(e -> {
            if (e.device != device) {
                return false;
            }
            ctx.cancelTimer(e.key());
            return true;
        });
    }

    /** The entries as {@code ip neigh} lists them, by interface index then address. */
    List<NeighbourEntry> view() {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.<Entry>comparingInt(e -> e.device.ifindex()).thenComparing(e -> e.address));
        return sorted.stream().map(Entry::view).toList();
    }

    /** One solicitation, or FAILED when the last one went unanswered a retrans_time ago. */
    private void probe(Context<DeviceInput> ctx, Entry e) {
        boolean probing = e.state == NeighbourState.PROBE;
        int max = probing ? UCAST_SOLICIT : UCAST_SOLICIT + MCAST_SOLICIT;
        if (e.probes >= max) {
            e.waiting.clear();
            change(ctx, e, NeighbourState.FAILED, e.lladdr);
            return;
        }
        // The kernel passes the most recently queued packet, for arp_announce's choice of source.
        solicitor.solicit(ctx, e.device, e.address, probing ? e.lladdr : null, e.waiting.peekLast());
        e.probes++;
        ctx.startTimer(e.key(), RETRANS_TIME, e.key());
    }

    private void change(Context<DeviceInput> ctx, Entry e, NeighbourState state, MacAddress lladdr) {
        e.state = state;
        e.lladdr = lladdr;
        e.updated = ctx.now();
        ctx.record(e.view());
    }

    /** The interface's reachable_time, drawn in [base/2, 3*base/2) and redrawn when older than 300 s. */
    private long reachableTime(Context<DeviceInput> ctx, NetDevice device) {
        Drawn d = reachableTimes.get(device.name());
        if (d == null || ctx.now() >= d.at() + REACHABLE_TIME_REDRAW) {
            d = new Drawn(BASE_REACHABLE_TIME / 2 + ctx.random().nextLong(BASE_REACHABLE_TIME), ctx.now());
            reachableTimes.put(device.name(), d);
        }
        return d.reachableTime();
    }
}
