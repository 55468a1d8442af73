package io.kagami.net.topology;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.FrameKey;
import io.kagami.net.wire.KeyedFilter;
import java.util.List;
import java.util.Set;

/**
 * What a provider bridge (br-ex) takes of what br-int sends it through its patch port. br-int's
 * int-br-ex is a trunk, so NORMAL floods every local VLAN's broadcasts and multicasts into it (each
 * HA advert of every project, for one); the OVS agent lets only the flat network's local VLAN in
 * ({@code priority=4,in_port=phy-br-ex,dl_vlan=<lvid>}) and drops the rest at priority 2
 * ({@link io.kagami.net.ovs.NeutronFlows#brExProvisionFlat}, {@code brExDefaults}); a br-ex without
 * flows (a rebooted node before its agent) drops everything. So a frame that is not tagged with the
 * network's local VLAN never gets past table 0, and costs nothing.
 *
 * <p>Left out: br-ex counts those frames on its phy-br-ex port and its priority-2 drop flow in a real
 * node; the twin's counters there see only the network's own VLAN.
 */
enum ProviderBridgeFilter implements FrameKey {
    KEY;

    /** The key of an untagged frame. */
    private enum Untagged { FRAME }

    /** The filter of the phy-br-ex port of a flat network with local VLAN {@code lvid}. */
    static KeyedFilter of(int lvid) {
        return new KeyedFilter(KEY, Set.of(lvid));
    }

    @Override
    public List<Object> of(EthernetFrame frame) {
        return List.of(frame.hasVlan() ? (Object) frame.vlan() : Untagged.FRAME);
    }
}
