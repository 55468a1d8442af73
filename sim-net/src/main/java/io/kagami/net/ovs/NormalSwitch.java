package io.kagami.net.ovs;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.FrameKey;
import io.kagami.net.wire.KeyedFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * OVS's NORMAL action ({@code xlate_normal} in {@code ofproto/ofproto-dpif-xlate.c}), a VLAN-aware
 * learning switch over the bridge's ports. The frame's VLAN is the input port's tag on an access port,
 * else its 802.1Q VID (0 untagged); a tagged frame on an access port is dropped. The source MAC is
 * learned in that VLAN (not a multicast source). A known unicast destination goes to its port (dropped if
 * that is the input port); anything else floods every port carrying the VLAN but the input. Leaving an
 * access port the frame is untagged, leaving a trunk it carries the VLAN (untagged for VLAN 0).
 *
 * <p>A flood reaches the VLAN's ports in OpenFlow port order. Ports whose peer takes only frames of
 * its own key ({@link KeyedFilter}, such as the ha- ports of one HA network, a router each) are looked
 * up by the frame's key: the others would ignore the frame, and are skipped without a copy or a
 * counter. The ports of each VLAN are worked out once per change of the bridge's ports.
 *
 * <p>As in OVS, NORMAL knows nothing of Neutron's dead VLAN 4095: a port tagged 4095 is an access port
 * of VLAN 4095 like any other, and it is Neutron's flows that drop its frames. Left out: multicast
 * snooping, mirrors, bonds, STP/RSTP, and the LOCAL port.
 */
final class NormalSwitch {

    /** Where a frame leaves. */
    interface Out {
        /**
         * Outputs {@code frame} on {@code port}; {@code taken} if the port's peer was found by its
         * filter's key, which it need not be asked again ({@link KeyedFilter}).
         */
        void emit(int port, EthernetFrame frame, boolean taken);
    }

    /**
     * The ports a flood in one VLAN may reach: those that take every frame, and those that take frames
     * by key, grouped by key and by whether the frame leaves them untagged.
     */
    private record FloodSet(List<BridgePort> plain, List<KeyedPorts> keyed) {}

    /** Ports whose peers sort frames by {@code key}, each taking those of its wanted keys. */
    private record KeyedPorts(FrameKey key, boolean untagged, Map<Object, List<BridgePort>> byKey) {}

    private static final Comparator<BridgePort> BY_OFPORT = Comparator.comparingInt(BridgePort::ofport);

    private final Map<Integer, BridgePort> ports;
    private final MacLearningTable fdb = new MacLearningTable();
    /** The flood set of each VLAN (0..4095), worked out at its first flood; emptied when the ports change. */
    private final FloodSet[] floodSets = new FloodSet[EthernetFrame.MAX_VLAN + 1];
    /** The access ports by tag, and the trunks, in port order; null after a change of ports. */
    private PortIndex index;
    /** The keyed groups of the trunks, for a tagged VLAN and for VLAN 0 (they carry every VLAN alike). */
    private final Map<Boolean, List<KeyedPorts>> trunkGroups = new HashMap<>();
    /** The ports of the flood being worked out, when some are found by key. */
    private final ArrayList<BridgePort> scratch = new ArrayList<>();

    private record PortIndex(Map<Integer, List<BridgePort>> accessByTag, List<BridgePort> trunks) {}

    /** @param ports the bridge's ports by OpenFlow number, in order; the map is the bridge's, kept current */
    NormalSwitch(Map<Integer, BridgePort> ports) {
        this.ports = ports;
    }

    MacLearningTable fdb() {
        return fdb;
    }

    /** The bridge's ports or their tags changed: the flood sets are worked out again. */
    void portsChanged() {
        Arrays.fill(floodSets, null);
        trunkGroups.clear();
        index = null;
    }

    void forward(int inPort, EthernetFrame frame, long now, Out out) {
        BridgePort in = ports.get(inPort);
        int vid = frame.hasVlan() ? frame.vlan() : 0;
        OptionalInt tag = in.config().tag();
        if (tag.isPresent() && vid != 0) {
            return;
        }
        int vlan = tag.orElse(vid);
        if (!frame.src().isMulticast()) {
            fdb.learn(frame.src(), vlan, inPort, now);
        }
        OptionalInt known = frame.dst().isMulticast() ? OptionalInt.empty() : fdb.lookup(frame.dst(), vlan, now);
        if (known.isPresent()) {
            BridgePort to = ports.get(known.getAsInt());
            if (to != in) {
                out.emit(to.ofport(), leaving(to, vlan, frame), false);
            }
            return;
        }
        flood(in, vlan, frame, out);
    }

    private void flood(BridgePort in, int vlan, EthernetFrame frame, Out out) {
        FloodSet set = floodSets[vlan];
        if (set == null) {
            set = floodSet(vlan);
            floodSets[vlan] = set;
        }
        Leaving leaving = new Leaving(frame, vlan);
        List<BridgePort> to = set.plain();
        List<KeyedPorts> keyed = set.keyed();
        for (int g = 0; g < keyed.size(); g++) { // indexed loops here: this runs for every flood
            KeyedPorts group = keyed.get(g);
            List<Object> keys = group.key().of(leaving.frame(group.untagged()));
            if (keys == null) {
                for (List<BridgePort> takers : group.byKey().values()) {
                    to = withTakers(to, set, takers);
                }
                continue;
            }
            for (int k = 0; k < keys.size(); k++) {
                List<BridgePort> takers = group.byKey().get(keys.get(k));
                if (takers != null) {
                    to = withTakers(to, set, takers);
                }
            }
        }
        if (to != set.plain()) {
            to.sort(BY_OFPORT);
        }
        BridgePort last = null;
        for (int i = 0; i < to.size(); i++) {
            BridgePort port = to.get(i);
            if (port == in || port == last) { // a port wanting two of the frame's keys gets it once
                continue;
            }
            last = port;
            out.emit(port.ofport(), leaving.frame(untagged(port, vlan)), port.peerIgnores() instanceof KeyedFilter);
        }
    }

    /**
     * {@code to} with {@code takers} added; on the first, the plain ports are copied into the switch's
     * scratch list, not changed (a flood at a time: the scratch list is reused, not allocated per flood).
     */
    private List<BridgePort> withTakers(List<BridgePort> to, FloodSet set, List<BridgePort> takers) {
        if (to == set.plain()) {
            scratch.clear();
            addEach(scratch, set.plain());
            to = scratch;
        }
        addEach(to, takers);
        return to;
    }

    /** {@code addAll} without the copy it makes of {@code from}. */
    private static void addEach(List<BridgePort> to, List<BridgePort> from) {
        for (int i = 0; i < from.size(); i++) {
            to.add(from.get(i));
        }
    }

    /** A flooded frame as it leaves: untagged, or tagged with its VLAN, each made once per flood. */
    private static final class Leaving {
        private final EthernetFrame frame;
        private final int vlan;
        private EthernetFrame untagged;
        private EthernetFrame tagged;

        Leaving(EthernetFrame frame, int vlan) {
            this.frame = frame;
            this.vlan = vlan;
        }

        EthernetFrame frame(boolean withoutTag) {
            if (withoutTag) {
                return untagged != null ? untagged : (untagged = frame.withoutVlan());
            }
            return tagged != null ? tagged : (tagged = frame.withVlan(vlan));
        }
    }

    private FloodSet floodSet(int vlan) {
        PortIndex ports = portIndex();
        boolean trunkUntagged = vlan == 0;
        List<BridgePort> plain = new ArrayList<>();
        List<BridgePort> access = ports.accessByTag().getOrDefault(vlan, List.of());
        List<KeyedPorts> keyed = new ArrayList<>(group(access, true)); // an access port's frames leave untagged
        access.stream().filter(p -> !(p.peerIgnores() instanceof KeyedFilter)).forEach(plain::add);
        ports.trunks().stream().filter(p -> !(p.peerIgnores() instanceof KeyedFilter)).forEach(plain::add);
        plain.sort(BY_OFPORT);
        keyed.addAll(trunkGroups.computeIfAbsent(trunkUntagged, u -> group(ports.trunks(), u)));
        return new FloodSet(plain, List.copyOf(keyed));
    }

    /** The keyed ports among {@code candidates}, grouped by key; {@code untagged}: frames leave them untagged. */
    private static List<KeyedPorts> group(List<BridgePort> candidates, boolean untagged) {
        Map<FrameKey, KeyedPorts> groups = new LinkedHashMap<>();
        for (BridgePort port : candidates) {
            if (port.peerIgnores() instanceof KeyedFilter k) {
                KeyedPorts g = groups.computeIfAbsent(k.key(), key -> new KeyedPorts(key, untagged, new HashMap<>()));
                k.wanted().forEach(w -> g.byKey().computeIfAbsent(w, x -> new ArrayList<>(1)).add(port));
            }
        }
        return List.copyOf(groups.values());
    }

    private PortIndex portIndex() {
        if (index == null) {
            Map<Integer, List<BridgePort>> access = new HashMap<>();
            List<BridgePort> trunks = new ArrayList<>();
            for (BridgePort port : ports.values()) {
                OptionalInt tag = port.config().tag();
                if (tag.isPresent()) {
                    access.computeIfAbsent(tag.getAsInt(), t -> new ArrayList<>()).add(port);
                } else {
                    trunks.add(port);
                }
            }
            index = new PortIndex(access, trunks);
        }
        return index;
    }

    /** Whether a frame of {@code vlan} leaves {@code to} untagged: on an access port, or in VLAN 0. */
    private static boolean untagged(BridgePort to, int vlan) {
        return to.config().tag().isPresent() || vlan == 0;
    }

    private static EthernetFrame leaving(BridgePort to, int vlan, EthernetFrame frame) {
        return untagged(to, vlan) ? frame.withoutVlan() : frame.withVlan(vlan);
    }
}
