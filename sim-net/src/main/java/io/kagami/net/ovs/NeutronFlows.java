package io.kagami.net.ovs;

import io.kagami.net.packet.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The flows neutron-openvswitch-agent installs, without l2pop (tunnels in full mesh, remote MACs learned)
 * and without DVR, following {@code neutron/plugins/ml2/drivers/openvswitch/agent/openflow/native/}
 * ({@code br_int.py}, {@code br_tun.py}, {@code br_phys.py}, {@code ovs_bridge.py}) for tables,
 * priorities and matches, written with the ovs-ofctl driver's actions (see {@link io.kagami.net.ovs}).
 * Every flow carries the agent's cookie.
 *
 * <p>br-int: table 0 LOCAL_SWITCHING drops the dead VLAN 4095 and hands everything else to table 60
 * TRANSIENT, which does NORMAL; table 23 CANARY and table 24 ARP_SPOOF hold their drop flows. Left out:
 * table 59 (packet rate limiting in recent releases, a pass-through by default), 25 MAC_SPOOF and the per-port
 * anti-spoofing flows of port security, the openflow firewall tables (71..94), DVR (1, 2), the DHCP
 * tables and table 61's egress NORMAL, none of which changes where a frame goes here.
 *
 * <p>br-tun: 0 sorts by input port (patch-int to 2, tunnels to 4, else drop); 2 PATCH_LV_TO_TUN sends
 * unicast to 20 and multicast to 22 (ARP broadcasts to 21 first if the ARP responder is on); 4
 * VXLAN_TUN_TO_LV tags a known VNI with its local VLAN and goes to 10; 10 LEARN_FROM_TUN learns into 20
 * and outputs to patch-int; 20 UCAST_TO_TUN holds learned flows, a miss goes to 22; 21 ARP_RESPONDER
 * (empty without l2pop) goes to 22; 22 FLOOD_TO_TUN strips the tag, sets the VNI and outputs to every
 * tunnel. br-ex: NORMAL, with frames from br-int untagged per local VLAN.
 */
public final class NeutronFlows {

    public static final int LOCAL_SWITCHING = 0;
    public static final int CANARY_TABLE = 23;
    public static final int ARP_SPOOF_TABLE = 24;
    public static final int TRANSIENT_TABLE = 60;

    public static final int PATCH_LV_TO_TUN = 2;
    public static final int VXLAN_TUN_TO_LV = 4;
    public static final int LEARN_FROM_TUN = 10;
    public static final int UCAST_TO_TUN = 20;
    public static final int ARP_RESPONDER = 21;
    public static final int FLOOD_TO_TUN = 22;

    /** The VLAN of ports without a binding: Neutron's DEAD_VLAN_TAG, MAX_VLAN_TAG + 1. */
    public static final int DEAD_VLAN = 4095;
    /** How long a learned remote MAC stays in UCAST_TO_TUN after its last packet. */
    public static final int LEARNED_HARD_TIMEOUT = 300;

    private static final int OPENFLOW_MAX_PRIORITY = 65535;
    private static final MacAddress MULTICAST_BIT = MacAddress.parse("01:00:00:00:00:00");

    private final long cookie;

    public NeutronFlows(long cookie) {
        this.cookie = cookie;
    }

    /** The flows of the agent on {@code host}, with its {@link #agentCookie cookie}. */
    public static NeutronFlows forHost(String host) {
        return new NeutronFlows(agentCookie(host));
    }

    /**
     * The cookie the agent on {@code host} stamps its flows with. Neutron draws a random 64-bit
     * {@code agent_uuid_stamp} at each agent start; the twin derives it from the host name (64-bit FNV-1a)
     * so that runs are reproducible and each host's flows are told apart. All ones is avoided: OpenFlow
     * reserves it.
     */
    public static long agentCookie(String host) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : host.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return hash == -1L ? -2L : hash;
    }

    public long cookie() {
        return cookie;
    }

    private FlowRule flow(int table, int priority, Match match, Action... actions) {
        return FlowRule.of(table, priority, match, actions).withCookie(cookie);
    }

    // ---- br-int

    /** br-int's {@code setup_default_table}: canary, NORMAL in TRANSIENT, ARP_SPOOF drop, dead VLAN drop. */
    public List<FlowRule> brIntDefaults() {
        return List.of(
                flow(CANARY_TABLE, 0, Match.ANY),
                flow(LOCAL_SWITCHING, 0, Match.ANY, Action.resubmit(TRANSIENT_TABLE)),
                flow(TRANSIENT_TABLE, 3, Match.ANY, Action.NORMAL),
                flow(ARP_SPOOF_TABLE, 0, Match.ANY),
                flow(LOCAL_SWITCHING, OPENFLOW_MAX_PRIORITY, Match.ANY.dlVlan(DEAD_VLAN)));
    }

    /**
     * {@code drop_port}: drops everything from a port in table 0 at priority 2. The agent does this for
     * int-br-ex on br-int and phy-br-ex on br-ex until a network is provisioned on them, and for a port
     * it parks on the dead VLAN.
     */
    public FlowRule dropPort(int ofport) {
        return flow(LOCAL_SWITCHING, 2, Match.ANY.inPort(ofport));
    }

    /** br-int's {@code provision_local_vlan} for a flat network: untagged from int-br-ex gets the local VLAN. */
    public FlowRule brIntProvisionFlat(int intBrExOfport, int lvid) {
        return flow(LOCAL_SWITCHING, 3, Match.ANY.inPort(intBrExOfport).untagged(),
                Action.modVlanVid(lvid), Action.resubmit(TRANSIENT_TABLE));
    }

    // ---- br-tun

    /** br-tun's {@code setup_default_table}; the ARP responder is off unless l2pop is on. */
    public List<FlowRule> brTunDefaults(int patchIntOfport, boolean arpResponder) {
        List<FlowRule> rules = new ArrayList<>(List.of(
                flow(LOCAL_SWITCHING, 1, Match.ANY.inPort(patchIntOfport), Action.resubmit(PATCH_LV_TO_TUN)),
                flow(LOCAL_SWITCHING, 0, Match.ANY)));
        if (arpResponder) {
            rules.add(flow(PATCH_LV_TO_TUN, 1, Match.ANY.arp().dlDst(MacAddress.BROADCAST),
                    Action.resubmit(ARP_RESPONDER)));
        }
        rules.add(flow(PATCH_LV_TO_TUN, 0, Match.ANY.dlDst(MacAddress.ZERO, MULTICAST_BIT), Action.resubmit(UCAST_TO_TUN)));
        rules.add(flow(PATCH_LV_TO_TUN, 0, Match.ANY.dlDst(MULTICAST_BIT, MULTICAST_BIT), Action.resubmit(FLOOD_TO_TUN)));
        rules.add(flow(VXLAN_TUN_TO_LV, 0, Match.ANY));
        rules.add(flow(LEARN_FROM_TUN, 1, Match.ANY,
                new Action.Learn(UCAST_TO_TUN, LEARNED_HARD_TIMEOUT, 1, cookie), Action.output(patchIntOfport)));
        rules.add(flow(UCAST_TO_TUN, 0, Match.ANY, Action.resubmit(FLOOD_TO_TUN)));
        if (arpResponder) {
            rules.add(flow(ARP_RESPONDER, 0, Match.ANY, Action.resubmit(FLOOD_TO_TUN)));
        }
        rules.add(flow(FLOOD_TO_TUN, 0, Match.ANY));
        return rules;
    }

    /** {@code setup_tunnel_port}: packets from the tunnel go to VXLAN_TUN_TO_LV. */
    public FlowRule brTunTunnelPort(int tunnelOfport) {
        return flow(LOCAL_SWITCHING, 1, Match.ANY.inPort(tunnelOfport), Action.resubmit(VXLAN_TUN_TO_LV));
    }

    /** {@code cleanup_tunnel_port}: the flows of a removed tunnel port, in every table. */
    public FlowFilter brTunCleanupTunnelPort(int tunnelOfport) {
        return FlowFilter.all().matching(Match.ANY.inPort(tunnelOfport));
    }

    /** {@code provision_local_vlan} in br-tun: the network's VNI gets this node's local VLAN. */
    public FlowRule brTunProvisionNetwork(int vni, int lvid) {
        return flow(VXLAN_TUN_TO_LV, 1, Match.ANY.tunId(vni), Action.modVlanVid(lvid), Action.resubmit(LEARN_FROM_TUN));
    }

    /**
     * {@code install_flood_to_tun}: the network's broadcasts, multicasts and unknown unicasts leave
     * untagged with its VNI on every tunnel. Installed again, with the new list, when tunnels come or go.
     */
    public FlowRule brTunFloodToTunnels(int lvid, int vni, List<Integer> tunnelOfports) {
        if (tunnelOfports.isEmpty()) {
            throw new IllegalArgumentException("flooding VLAN " + lvid + " needs at least one tunnel port");
        }
        List<Action> actions = new ArrayList<>(List.of(Action.STRIP_VLAN, Action.setTunnel(vni)));
        tunnelOfports.forEach(p -> actions.add(Action.output(p)));
        return flow(FLOOD_TO_TUN, 1, Match.ANY.dlVlan(lvid), actions.toArray(Action[]::new));
    }

    /**
     * {@code reclaim_local_vlan} and {@code delete_flood_to_tun} in br-tun: the network leaves this node.
     * The agent's {@code delete_unicast_to_tun(lvid, None)} is left out: its filter {@code dl_vlan=lvid}
     * selects only l2pop's flows, not learned ones (their match lacks the CFI bit), which age out instead.
     */
    public List<FlowFilter> brTunReclaimNetwork(int vni, int lvid) {
        return List.of(FlowFilter.all().inTable(VXLAN_TUN_TO_LV).matching(Match.ANY.tunId(vni)),
                FlowFilter.all().inTable(FLOOD_TO_TUN).matching(Match.ANY.dlVlan(lvid)));
    }

    // ---- br-ex (the physical bridge of physnet external1)

    /** The physical bridge's {@code setup_default_table} (NORMAL) and the agent's drop of phy-br-ex. */
    public List<FlowRule> brExDefaults(int phyBrExOfport) {
        return List.of(flow(LOCAL_SWITCHING, 0, Match.ANY, Action.NORMAL), dropPort(phyBrExOfport));
    }

    /** br-ex's {@code provision_local_vlan} for a flat network: br-int's local VLAN leaves untagged. */
    public FlowRule brExProvisionFlat(int phyBrExOfport, int lvid) {
        return flow(LOCAL_SWITCHING, 4, Match.ANY.inPort(phyBrExOfport).dlVlan(lvid), Action.STRIP_VLAN, Action.NORMAL);
    }
}
