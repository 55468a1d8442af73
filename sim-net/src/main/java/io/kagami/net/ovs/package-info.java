/**
 * Open vSwitch as neutron-openvswitch-agent drives it: bridges (br-int, br-tun, br-ex) whose
 * OpenFlow tables Neutron fills, OVS's NORMAL learning switch, patch ports and VXLAN tunnel ports.
 *
 * <pre>
 *   FrameIn(port) ──┐                                   ┌──► Port.transmit (patch, internal, system)
 *                   ├─► table 0 ─► actions ─► resubmit ─┤
 *   TunnelIn(ip) ───┘     (in_port, tun_id)  (,T) ...   ├──► NORMAL: FDB per (MAC, VLAN), flood per VLAN
 *                                                       └──► vxlan port: TunnelOut(frame, VNI, remote) to the host NIC
 * </pre>
 *
 * <p>{@link io.kagami.net.ovs.OvsBridge} is the entity; {@link io.kagami.net.ovs.NeutronFlows} builds the
 * flows the agent installs; {@link io.kagami.net.ovs.DumpFlows} and {@link io.kagami.net.ovs.VsctlShow}
 * print a {@link io.kagami.net.ovs.BridgeSnapshot} the way {@code ovs-ofctl dump-flows} and
 * {@code ovs-vsctl show} do. Output follows Open vSwitch 2.17 used interactively (port names instead of
 * numbers, no {@code idle_age}); the actions are written in the syntax of Neutron's ovs-ofctl driver
 * ({@code mod_vlan_vid}, {@code strip_vlan}, {@code set_tunnel}, {@code resubmit}), as DOMAIN.md section 6
 * shows them, while the table layout is the native driver's (br-int table 0 hands over to table 60).
 */
package io.kagami.net.ovs;
