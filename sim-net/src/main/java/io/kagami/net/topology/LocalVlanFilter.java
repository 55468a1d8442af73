package io.kagami.net.topology;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.FrameKey;
import io.kagami.net.wire.KeyedFilter;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What a bridge behind one of br-int's trunk patch ports takes of what br-int sends it: the frames of
 * the local VLANs it has flows for. NORMAL floods every local VLAN's broadcasts and multicasts into each
 * trunk, and the bridge behind drops the others before they change anything:
 * <ul>
 * <li>br-ex, through phy-br-ex: the OVS agent lets only the flat network's local VLAN in
 * ({@code priority=4,in_port=phy-br-ex,dl_vlan=<lvid>}) and drops the rest at priority 2
 * ({@link io.kagami.net.ovs.NeutronFlows#brExProvisionFlat}, {@code brExDefaults}); a br-ex without
 * flows (a rebooted node before its agent) drops everything;</li>
 * <li>br-tun, through patch-int: PATCH_LV_TO_TUN sends broadcasts to FLOOD_TO_TUN and unicasts to
 * UCAST_TO_TUN, whose flows all match the local VLAN of a tunnel network
 * ({@link io.kagami.net.ovs.NeutronFlows#brTunFloodToTunnels}, the flows learned by LEARN_FROM_TUN): a
 * frame of the external network's VLAN (a gateway's gratuitous ARP) misses both and is dropped.</li>
 * </ul>
 * So those frames cost no event.
 *
 * <p>Left out: the bridge counts those frames on its patch port and on the flows they cross before the
 * drop (table 0 and PATCH_LV_TO_TUN on br-tun, the priority-2 drop on br-ex) in a real node; the twin's
 * counters there see only the VLANs it takes.
 */
enum LocalVlanFilter implements FrameKey {
    KEY;

    /** The key of an untagged frame. */
    private enum Untagged { FRAME }

    /** The keys of a frame of each VLAN (0..4095) and of an untagged one, made once: asked for at every flood. */
    private static final List<List<Object>> BY_VLAN = IntStream.rangeClosed(0, EthernetFrame.MAX_VLAN)
            .mapToObj(v -> List.<Object>of(v)).toList();
    private static final List<Object> UNTAGGED = List.of(Untagged.FRAME);

    /** The filter of a patch port behind which only {@code lvids} have flows. */
    static KeyedFilter of(Set<Integer> lvids) {
        return new KeyedFilter(KEY, Set.copyOf(lvids));
    }

    @Override
    public List<Object> of(EthernetFrame frame) {
        return frame.hasVlan() ? BY_VLAN.get(frame.vlan()) : UNTAGGED;
    }
}
