package io.kagami.net.ovs;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a server's br-tun and br-int learned from the floods it overheard ({@link OverheardStream}), put
 * into snapshots of them taken at the same virtual time, as if each frame had crossed the bridges. The
 * receiver's own flows decide: a frame is learned from only if br-tun has a tunnel port to its sender, a
 * VXLAN_TUN_TO_LV flow for its VNI (which gives the local VLAN) and the LEARN_FROM_TUN flow, whose
 * {@code learn} action makes the UCAST_TO_TUN flow; br-int learns its MAC on the patch port that
 * LEARN_FROM_TUN outputs to, in that VLAN. Timeouts are the bridges': a learned flow lives
 * {@link NeutronFlows#LEARNED_HARD_TIMEOUT} after its last frame, a MAC {@link MacLearningTable#DEFAULT_AGING}.
 * Where the receiver also learned the same flow or MAC from frames delivered to it, the
 * two are one: the earlier installation and the latest sighting count. A MAC table that would hold more
 * than {@link MacLearningTable#DEFAULT_CAPACITY} entries loses, as OVS's fair eviction would, the least
 * recently seen entries of its busiest port.
 *
 * <p>The same for a network node's provider bridge (br-ex) and br-int behind it, from the broadcasts they
 * overheard on an external network ({@link #providerBridge}, {@link #brIntBehind}): each learns the MAC,
 * in the VLAN its flows give the frame on the way to NORMAL, only from frames heard since those flows
 * were installed.
 *
 * <p>Left out: the counters these frames would have added (br-tun's, br-int's and br-ex's flows and
 * ports); a receiver that lost its flows (a reboot) learns again from when LEARN_FROM_TUN was
 * reinstalled, not from the first frame after it; a receiver that is powered off goes on learning (a view
 * of a dead node shows its last state anyway, {@code io.kagami.net.views.OperatorViews}).
 */
public final class OverheardLearning {

    private static final long LEARNED_HARD_TIMEOUT = NeutronFlows.LEARNED_HARD_TIMEOUT * VirtualTime.SECOND;

    private OverheardLearning() {}

    /** {@code brTun} with the UCAST_TO_TUN flows its LEARN_FROM_TUN learned from {@code heard}. */
    public static BridgeSnapshot brTun(BridgeSnapshot brTun, List<OverheardStream> heard) {
        Optional<Flow> learnFlow = learnFlow(brTun);
        if (learnFlow.isEmpty() || heard.isEmpty()) {
            return brTun;
        }
        Action.Learn learn = learnFlow.get().rule().actions().stream().filter(Action.Learn.class::isInstance)
                .map(Action.Learn.class::cast).findFirst().orElseThrow();
        long reinstalled = reinstalled(brTun, learnFlow.get());
        // by rule key, in the order heard; of two senders of one MAC, the one heard last
        Map<Object, OverheardStream> latest = new LinkedHashMap<>();
        Map<Object, Flow> learned = new HashMap<>();
        for (OverheardStream a : heard) {
            Integer vlan = learnedVlan(brTun, a, reinstalled);
            if (vlan == null || brTun.time() > a.lastHeard() + LEARNED_HARD_TIMEOUT) {
                continue;
            }
            FlowRule rule = learn.learnedFrom(tunnelPort(brTun, a), a.vni(), vlan, a.src());
            long duration = brTun.time() - Math.max(a.firstHeard(), reinstalled);
            OverheardStream before = latest.get(key(rule));
            if (before == null || before.lastHeard() < a.lastHeard()) {
                latest.put(key(rule), a);
                // no unicast matched it: its idle age runs from its installation
                learned.put(key(rule), new Flow(rule, duration, duration, 0, 0));
            }
        }
        List<Flow> flows = new ArrayList<>();
        List<Flow> table = new ArrayList<>();
        for (Flow own : brTun.flows()) {
            if (own.rule().table() != learn.table()) {
                flows.add(own);
                continue;
            }
            Flow heardToo = learned.remove(key(own.rule()));
            table.add(heardToo == null ? own : earlierOf(own, heardToo));
        }
        latest.keySet().stream().filter(learned::containsKey).forEach(k -> table.add(learned.get(k)));
        // the table's precedence: priority, then installation (longest duration first)
        table.sort(Comparator.<Flow>comparingInt(f -> -f.rule().priority()).thenComparing(f -> -f.duration()));
        int at = 0;
        while (at < flows.size() && flows.get(at).rule().table() < learn.table()) {
            at++;
        }
        flows.addAll(at, table);
        return new BridgeSnapshot(brTun.bridge(), brTun.time(), brTun.ports(), flows, brTun.fdb());
    }

    /**
     * {@code brInt} with the MACs its NORMAL learned from {@code heard}, which reached it from
     * {@code brTun} (a snapshot of the same server's br-tun at the same time).
     */
    public static BridgeSnapshot brInt(BridgeSnapshot brInt, BridgeSnapshot brTun, List<OverheardStream> heard) {
        Optional<Flow> learnFlow = learnFlow(brTun);
        Optional<Integer> patch = learnFlow.flatMap(f -> patchPeer(brTun, brInt, f));
        if (patch.isEmpty() || heard.isEmpty()) {
            return brInt;
        }
        long reinstalled = reinstalled(brTun, learnFlow.get());
        List<FdbEntry> learned = new ArrayList<>();
        for (OverheardStream a : heard) {
            Integer vlan = learnedVlan(brTun, a, reinstalled);
            if (vlan != null) {
                learned.add(new FdbEntry(patch.get(), vlan, a.src(), brInt.time() - a.lastHeard()));
            }
        }
        return withMacs(brInt, learned);
    }

    /**
     * A provider bridge (br-ex) with the MACs its NORMAL learned from {@code heard}, the broadcasts that
     * reached it from the external switch on its uplink (its one port that is not a patch port), as its
     * own flows take them: learned only if table 0 leads such a frame to NORMAL, and only from frames heard
     * since the flows on that path were installed.
     */
    public static BridgeSnapshot providerBridge(BridgeSnapshot brEx, List<OverheardStream> heard) {
        Integer uplink = uplink(brEx);
        if (uplink == null) {
            return brEx;
        }
        List<FdbEntry> learned = new ArrayList<>();
        for (OverheardStream a : heard) {
            Integer vlan = learnedVlan(brEx, uplink, a);
            if (vlan != null) {
                learned.add(new FdbEntry(uplink, vlan, a.src(), brEx.time() - a.lastHeard()));
            }
        }
        return withMacs(brEx, learned);
    }

    /**
     * {@code brInt} with the MACs its NORMAL learned from {@code heard}, the broadcasts that {@code brEx}
     * (a snapshot of the same server's provider bridge at the same time) took on its uplink and flooded,
     * untagged, to br-int through their patch ports, as br-int's flows take them there (int-br-ex's local
     * VLAN, {@link NeutronFlows#brIntProvisionFlat}).
     */
    public static BridgeSnapshot brIntBehind(BridgeSnapshot brInt, BridgeSnapshot brEx, List<OverheardStream> heard) {
        Integer uplink = uplink(brEx);
        Optional<Integer> intBrEx = brEx.ports().stream().map(p -> p.port().iface())
                .filter(OvsPort.Patch.class::isInstance).map(i -> ((OvsPort.Patch) i).peer())
                .flatMap(peer -> brInt.ports().stream().filter(p -> p.port().name().equals(peer)))
                .map(p -> p.port().ofport()).findFirst();
        if (uplink == null || intBrEx.isEmpty()) {
            return brInt;
        }
        List<FdbEntry> learned = new ArrayList<>();
        for (OverheardStream a : heard) {
            // br-int hears what br-ex's NORMAL took, and it arrives there at once
            Integer vlan = learnedVlan(brEx, uplink, a) == null ? null : learnedVlan(brInt, intBrEx.get(), a);
            if (vlan != null) {
                learned.add(new FdbEntry(intBrEx.get(), vlan, a.src(), brInt.time() - a.lastHeard()));
            }
        }
        return withMacs(brInt, learned);
    }

    /** A provider bridge's uplink: its one port that is not a patch port; null if it has none. */
    private static Integer uplink(BridgeSnapshot brEx) {
        return brEx.ports().stream().filter(p -> !(p.port().iface() instanceof OvsPort.Patch))
                .map(p -> p.port().ofport()).findFirst().orElse(null);
    }

    /**
     * The VLAN in which {@code bridge}'s NORMAL learned {@code a}'s frames, broadcast ARPs that entered it
     * untagged on {@code port}, or null if its flows do not lead them there: table 0's first flow that
     * matches, and the tables it resubmits to, give the VLAN and the time the last of those flows was
     * installed, before which nothing counts. The frames' target address is not known here: flows that
     * match {@code arp_tpa} are not told apart.
     */
    private static Integer learnedVlan(BridgeSnapshot bridge, int port, OverheardStream a) {
        FieldValues key = FieldValues.ZERO.with(FieldValues.Field.IN_PORT, port)
                .with(FieldValues.Field.DL_SRC, a.src().bits())
                .with(FieldValues.Field.DL_DST, MacAddress.BROADCAST.bits())
                .with(FieldValues.Field.DL_TYPE, ArpPacket.ETHER_TYPE);
        ToNormal way = toNormal(bridge, 0, key, 0, 0);
        return way != null && a.lastHeard() >= way.installed() ? way.vlan() : null;
    }

    /**
     * Where a packet's way through a bridge's tables reaches NORMAL: the VLAN it is learned in, and when
     * the last flow on the way was installed.
     */
    private record ToNormal(int vlan, long installed) {}

    /**
     * The way a packet with {@code key}, tagged {@code vlan} (0: untagged), takes from {@code table} to
     * NORMAL; null if the first flow that matches it, and those it resubmits to, lead elsewhere.
     */
    private static ToNormal toNormal(BridgeSnapshot bridge, int table, FieldValues key, int vlan, int depth) {
        if (depth == 64) { // OVS's MAX_DEPTH
            return null;
        }
        for (Flow f : bridge.flows(table)) {
            Match m = f.rule().match();
            if (!key.and(m.masks()).equals(m.values())) {
                continue;
            }
            long installed = bridge.time() - f.duration();
            for (Action action : f.rule().actions()) {
                if (action instanceof Action.ModVlanVid mod) {
                    vlan = mod.vid();
                    key = key.with(FieldValues.Field.VLAN_TCI, FieldValues.VLAN_CFI | vlan);
                } else if (action instanceof Action.StripVlan) {
                    vlan = 0;
                    key = key.with(FieldValues.Field.VLAN_TCI, 0);
                } else if (action instanceof Action.Normal) {
                    return new ToNormal(vlan, installed);
                } else if (action instanceof Action.Resubmit r) {
                    ToNormal after = toNormal(bridge, r.table(), key, vlan, depth + 1);
                    if (after != null) {
                        return new ToNormal(after.vlan(), Math.max(installed, after.installed()));
                    }
                }
            }
            return null; // the first flow that matches is the one the packet hits
        }
        return null;
    }

    /**
     * {@code bridge} with {@code learned} added to its MAC table: an entry learned both ways is one, the
     * latest sighting counts; entries past {@link MacLearningTable#DEFAULT_AGING} are gone.
     */
    private static BridgeSnapshot withMacs(BridgeSnapshot bridge, List<FdbEntry> learned) {
        if (learned.isEmpty()) {
            return bridge;
        }
        Map<Long, FdbEntry> fdb = new HashMap<>();
        bridge.fdb().forEach(e -> fdb.put(key(e.mac(), e.vlan()), e));
        for (FdbEntry e : learned) {
            if (e.age() < MacLearningTable.DEFAULT_AGING) {
                fdb.merge(key(e.mac(), e.vlan()), e, (own, overheard) -> overheard.age() < own.age() ? overheard : own);
            }
        }
        List<FdbEntry> entries = evictFairly(new ArrayList<>(fdb.values()));
        entries.sort(Comparator.comparingInt(FdbEntry::vlan).thenComparing(FdbEntry::mac));
        return new BridgeSnapshot(bridge.bridge(), bridge.time(), bridge.ports(), bridge.flows(), entries);
    }

    /** Down to the capacity: the oldest entry of the port with the most entries (the lowest port of a tie), in turn. */
    private static List<FdbEntry> evictFairly(List<FdbEntry> entries) {
        int excess = entries.size() - MacLearningTable.DEFAULT_CAPACITY;
        if (excess <= 0) {
            return entries;
        }
        Map<Integer, List<FdbEntry>> byPort = new HashMap<>();
        entries.forEach(e -> byPort.computeIfAbsent(e.port(), p -> new ArrayList<>()).add(e));
        // oldest last, so that eviction takes from the end
        Comparator<FdbEntry> newestFirst = Comparator.comparingLong(FdbEntry::age)
                .thenComparing(FdbEntry::vlan).thenComparing(FdbEntry::mac);
        byPort.values().forEach(l -> l.sort(newestFirst));
        for (; excess > 0; excess--) {
            List<FdbEntry> busiest = byPort.entrySet().stream()
                    .max(Comparator.<Map.Entry<Integer, List<FdbEntry>>>comparingInt(e -> e.getValue().size())
                            .thenComparing(e -> -e.getKey()))
                    .orElseThrow().getValue();
            busiest.remove(busiest.size() - 1);
        }
        List<FdbEntry> kept = new ArrayList<>();
        byPort.values().forEach(kept::addAll);
        return kept;
    }

    /** Of a flow the bridge learned itself and the same flow learned from overheard frames: installed first. */
    private static Flow earlierOf(Flow own, Flow overheard) {
        if (overheard.duration() <= own.duration()) {
            return own;
        }
        boolean ownUnused = own.nPackets() == 0;
        return new Flow(own.rule(), overheard.duration(), ownUnused ? overheard.duration() : own.idleAge(),
                own.nPackets(), own.nBytes());
    }

    /**
     * The local VLAN br-tun tagged {@code a}'s frames with before LEARN_FROM_TUN learned from them, null if
     * it did not learn from them: no tunnel port to the sender, no VXLAN_TUN_TO_LV flow for the VNI, or
     * none heard since LEARN_FROM_TUN's flow was installed ({@code reinstalled}).
     */
    private static Integer learnedVlan(BridgeSnapshot brTun, OverheardStream a, long reinstalled) {
        if (a.lastHeard() < reinstalled || tunnelPort(brTun, a) == null) {
            return null;
        }
        return localVlan(brTun, a.vni());
    }

    /** When LEARN_FROM_TUN's flow was installed: learning before that was deleted with it. */
    private static long reinstalled(BridgeSnapshot brTun, Flow learnFlow) {
        return brTun.time() - learnFlow.duration();
    }

    /** LEARN_FROM_TUN's flow: the first with a {@code learn} action. */
    private static Optional<Flow> learnFlow(BridgeSnapshot brTun) {
        return brTun.flows(NeutronFlows.LEARN_FROM_TUN).stream()
                .filter(f -> f.rule().actions().stream().anyMatch(Action.Learn.class::isInstance)).findFirst();
    }

    /** The br-int port at the other end of the patch port that LEARN_FROM_TUN outputs to. */
    private static Optional<Integer> patchPeer(BridgeSnapshot brTun, BridgeSnapshot brInt, Flow learnFlow) {
        Optional<String> patchInt = learnFlow.rule().actions().stream().filter(Action.Output.class::isInstance)
                .map(a -> ((Action.Output) a).port())
                .flatMap(port -> brTun.ports().stream().filter(p -> p.port().ofport() == port))
                .map(p -> p.port().iface()).filter(OvsPort.Patch.class::isInstance)
                .map(i -> ((OvsPort.Patch) i).peer()).findFirst();
        return patchInt.flatMap(peer -> brInt.ports().stream().filter(p -> p.port().name().equals(peer))
                .map(p -> p.port().ofport()).findFirst());
    }

    /** br-tun's tunnel port to the frames' sender, null if it has none. */
    private static Integer tunnelPort(BridgeSnapshot brTun, OverheardStream a) {
        for (BridgeSnapshot.PortState p : brTun.ports()) {
            if (p.port().iface() instanceof OvsPort.Vxlan v && v.remoteIp().equals(a.remoteIp())) {
                return p.port().ofport();
            }
        }
        return null;
    }

    /** The local VLAN VXLAN_TUN_TO_LV gives {@code vni}, null if it drops it. */
    private static Integer localVlan(BridgeSnapshot brTun, int vni) {
        Match match = Match.ANY.tunId(vni);
        for (Flow f : brTun.flows(NeutronFlows.VXLAN_TUN_TO_LV)) {
            if (f.rule().match().equals(match)) {
                return f.rule().actions().stream().filter(Action.ModVlanVid.class::isInstance)
                        .map(a -> ((Action.ModVlanVid) a).vid()).findFirst().orElse(null);
            }
        }
        return null;
    }

    private static Object key(FlowRule rule) {
        return List.of(rule.table(), rule.priority(), rule.match());
    }

    private static long key(MacAddress mac, int vlan) {
        return mac.bits() << 12 | vlan;
    }
}
