package io.kagami.net.netfilter;

import io.kagami.net.netns.NetfilterHooks;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The netfilter of one namespace: conntrack, the mangle table and the nat table, run at the
 * kernel's hooks in the kernel's priority order (conntrack -200, mangle -150, DNAT -100 at
 * PREROUTING and OUTPUT; mangle, SNAT +100, then conntrack confirm at POSTROUTING and INPUT):
 * <pre>
 *   in ──► PREROUTING ──► routing ──► FORWARD ──► POSTROUTING ──► out
 *          conntrack in      │        mangle      mangle
 *          mangle (mark)     ▼                    SNAT (new) / un-DNAT
 *          DNAT (new) /    INPUT ──► local        confirm
 *          un-SNAT         mangle       │
 *                          SNAT/confirm │
 *                                       ▼
 *                      local ──► OUTPUT ──► routing ──► POSTROUTING
 *                                conntrack in, mangle, DNAT (new) / un-SNAT
 * </pre>
 * The nat table is consulted only for the first packet of a connection; every later packet is
 * rewritten by the binding conntrack keeps. One instance per namespace per run.
 *
 * <p>The kernel carries the mark and conntrack entry of a packet in its {@code sk_buff} from hook to
 * hook; the hooks here receive bare packets, so a packet's state is kept from PREROUTING or OUTPUT
 * until POSTROUTING or INPUT under its tuple (as rewritten): the IP stack must pass the packet it got
 * back (with its TTL decreased, if it likes) to the later hooks, and call POSTROUTING before it queues
 * the packet for ARP, as Linux does. A packet that reaches POSTROUTING or INPUT unannounced is tracked
 * there. Left out: the filter and raw tables, IPv6, fragments, RELATED traffic.
 */
public final class Netfilter implements NetfilterHooks {

    private static final int MAX_IN_FLIGHT = 64;
    private static final Ipv4Address LOOPBACK = Ipv4Address.of(127, 0, 0, 1);

    private NetfilterTables tables;
    private final Conntrack conntrack;
    private final NatBinder nat;
    private final Function<String, Ipv4Address> interfaceAddress;
    private final Map<Tuple, PacketInFlight> inFlight = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Tuple, PacketInFlight> eldest) {
            return size() > MAX_IN_FLIGHT; // packets the stack dropped between hooks (no route, TTL)
        }
    };
    private long dropped;
    private long invalid;
    private long pickedUp;
    private long untranslatedMidStream;

    /**
     * @param interfaceAddress the primary IPv4 address of an interface of the namespace, or null if it
     *     has none; REDIRECT rewrites to it
     */
    public Netfilter(NetfilterTables tables, ConntrackSettings settings,
                     Function<String, Ipv4Address> interfaceAddress) {
        this(tables, settings, interfaceAddress, 0);
    }

    /** @param seed of the random source ports that {@code --random-fully} picks, one stream per namespace */
    public Netfilter(NetfilterTables tables, ConntrackSettings settings,
                     Function<String, Ipv4Address> interfaceAddress, long seed) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.conntrack = new Conntrack(settings);
        this.nat = new NatBinder(conntrack, seed);
        this.interfaceAddress = Objects.requireNonNull(interfaceAddress, "interfaceAddress");
    }

    /** A router namespace's netfilter with the kernel's conntrack defaults (as Neutron leaves them). */
    public static Netfilter forRouter(NetfilterTables tables, Function<String, Ipv4Address> interfaceAddress) {
        return new Netfilter(tables, ConntrackSettings.defaults(), interfaceAddress);
    }

    /** The same, with {@code --random-fully} ports drawn from a stream seeded with {@code seed}. */
    public static Netfilter forRouter(NetfilterTables tables, Function<String, Ipv4Address> interfaceAddress,
                                      long seed) {
        return new Netfilter(tables, ConntrackSettings.defaults(), interfaceAddress, seed);
    }

    /** Replaces the rulesets, as the L3 agent's iptables-restore does; conntrack entries stay. */
    public void replaceTables(NetfilterTables tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    public NetfilterTables tables() {
        return tables;
    }

    /** The conntrack table, for views and for {@code conntrack -D}. */
    public Conntrack conntrack() {
        return conntrack;
    }

    /** {@code conntrack -C}: live entries at {@code now}. */
    public int conntrackCount(long now) {
        return conntrack.size(now);
    }

    @Override
    public boolean tracksConnections() {
        return true;
    }

    /**
     * {@link #conntrackCount}, for the namespace's sample ({@link #conntrackNextChange} counts from it).
     * Counting drops the expired entries first, as every lookup does; none of them was visible to a
     * packet any more, so nothing else changes.
     */
    @Override
    public int conntrackEntries(long now) {
        return conntrack.sample(now);
    }

    @Override
    public long conntrackNextChange(long now) {
        return conntrack.nextCountChange(now);
    }

    /** {@code conntrack -L}: live entries at {@code now}, oldest first. */
    public List<String> conntrackList(long now) {
        return conntrack.list(now);
    }

    /** {@code iptables-save -t <table>} for {@code nat} or {@code mangle}. */
    public String iptablesSave(String table) {
        return tables.save(table);
    }

    public NetfilterStats stats() {
        return new NetfilterStats(dropped, invalid, pickedUp, untranslatedMidStream);
    }

    @Override
    public Ipv4Packet prerouting(long now, Ipv4Packet packet, String inInterface) {
        PacketInFlight p = new PacketInFlight(packet, inInterface, null);
        if (!track(p, now) || !mangle(Hook.PREROUTING, p) || !natDestination(Hook.PREROUTING, p, now)) {
            return drop();
        }
        return remember(p);
    }

    @Override
    public Ipv4Packet input(long now, Ipv4Packet packet, String inInterface) {
        PacketInFlight p = recall(packet, inInterface, null, true, now);
        if (p == null || !mangle(Hook.INPUT, p) || !natSource(Hook.INPUT, p, now)) {
            return drop();
        }
        ConntrackEntry entry = p.conntrack();
        if (entry != null && entry.pickedUp() && !entry.seenReply() && p.direction() == Direction.ORIGINAL
                && !entry.sourceNat() && !entry.destinationNat()) {
            untranslatedMidStream++;
        }
        return confirm(p, now) ? p.packet() : drop();
    }

    @Override
    public Ipv4Packet forward(long now, Ipv4Packet packet, String inInterface, String outInterface) {
        PacketInFlight p = recall(packet, inInterface, outInterface, false, now);
        if (p == null || !mangle(Hook.FORWARD, p)) {
            inFlight.remove(Tuple.of(packet));
            return drop();
        }
        return p.packet();
    }

    @Override
    public Ipv4Packet output(long now, Ipv4Packet packet) {
        PacketInFlight p = new PacketInFlight(packet, null, null);
        if (!track(p, now) || !mangle(Hook.OUTPUT, p) || !natDestination(Hook.OUTPUT, p, now)) {
            return drop();
        }
        return remember(p);
    }

    @Override
    public Ipv4Packet postrouting(long now, Ipv4Packet packet, String outInterface) {
        PacketInFlight p = recall(packet, null, outInterface, true, now);
        if (p == null) {
            return drop();
        }
        p.setOutInterface(outInterface);
        if (!mangle(Hook.POSTROUTING, p) || !natSource(Hook.POSTROUTING, p, now)) {
            return drop();
        }
        return confirm(p, now) ? p.packet() : drop();
    }

    private Ipv4Packet drop() {
        dropped++;
        return null;
    }

    /** Conntrack's hook (nf_conntrack_in); false to drop. */
    private boolean track(PacketInFlight p, long now) {
        Conntrack.Tracked tracked = conntrack.track(p.packet(), now);
        switch (tracked.outcome()) {
            case DROP -> {
                return false;
            }
            case INVALID -> invalid++;
            case TRACKED -> {
                p.track(tracked.entry(), tracked.direction(), tracked.isNew());
                if (tracked.created() && tracked.entry().pickedUp()) {
                    pickedUp++;
                }
            }
        }
        return true;
    }

    private boolean mangle(Hook hook, PacketInFlight p) {
        return !(tables.mangle().traverse(hook, p) instanceof Target.Drop);
    }

    /** The nat table's DNAT hooks (PREROUTING, OUTPUT); false to drop. */
    private boolean natDestination(Hook hook, PacketInFlight p, long now) {
        ConntrackEntry entry = p.conntrack();
        if (entry == null) {
            return true; // untracked: no NAT
        }
        if (p.ctNew() && !NatBinder.bound(entry, false)) {
            Target verdict = tables.nat().traverse(hook, p);
            if (verdict instanceof Target.Dnat dnat) {
                nat.bind(entry, dnat.range(), false, now);
            } else if (verdict instanceof Target.Redirect redirect) {
                // nf_nat_redirect: the incoming interface's primary address, loopback for local packets
                Ipv4Address to = hook == Hook.OUTPUT ? LOOPBACK : interfaceAddress.apply(p.inInterface());
                if (to == null) {
                    return false;
                }
                nat.bind(entry, redirect.range(to), false, now);
            } else if (verdict instanceof Target.Drop) {
                return false;
            } else {
                nat.bindToSelf(entry, false, now);
            }
        }
        p.setPacket(nat.translate(entry, p.direction(), false, p.packet()));
        return true;
    }

    /** The nat table's SNAT hooks (POSTROUTING, INPUT); false to drop. */
    private boolean natSource(Hook hook, PacketInFlight p, long now) {
        ConntrackEntry entry = p.conntrack();
        if (entry == null) {
            return true;
        }
        if (p.ctNew() && !NatBinder.bound(entry, true)) {
            Target verdict = tables.nat().traverse(hook, p);
            if (verdict instanceof Target.Snat snat) {
                nat.bind(entry, snat.range(), true, now);
            } else if (verdict instanceof Target.Drop) {
                return false;
            } else {
                nat.bindToSelf(entry, true, now);
            }
        }
        p.setPacket(nat.translate(entry, p.direction(), true, p.packet()));
        return true;
    }

    private boolean confirm(PacketInFlight p, long now) {
        ConntrackEntry entry = p.conntrack();
        return entry == null || conntrack.confirm(entry, now);
    }

    private Ipv4Packet remember(PacketInFlight p) {
        Tuple key = Tuple.of(p.packet());
        inFlight.remove(key);
        inFlight.put(key, p);
        return p.packet();
    }

    /**
     * The state of a packet seen at an earlier hook, or, for one that was not, a fresh state tracked
     * now. Null if that tracking drops it.
     */
    private PacketInFlight recall(Ipv4Packet packet, String inInterface, String outInterface, boolean last, long now) {
        Tuple key = Tuple.of(packet);
        PacketInFlight p = last ? inFlight.remove(key) : inFlight.get(key);
        if (p == null) {
            p = new PacketInFlight(packet, inInterface, outInterface);
            if (!track(p, now)) {
                return null;
            }
            if (!last) {
                inFlight.put(key, p);
            }
        }
        p.setPacket(packet);
        if (outInterface != null) {
            p.setOutInterface(outInterface);
        }
        return p;
    }
}
