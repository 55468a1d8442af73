package io.kagami.net.ovs;

import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;

/**
 * Frames from one source MAC that a server's bridges only learned from, and that reached no port that
 * takes them. Either the VRRP adverts and gratuitous ARPs a network node hears on a project's HA network
 * from the routers it does not host: br-tun took them from a tunnel, learned from them and passed them
 * to br-int, which learned from them too; their sender's NIC keeps this account of them instead of
 * delivering each one ({@code io.kagami.net.host.HostNic}). Or the broadcasts on an external network
 * (gateways' gratuitous ARPs, the outside router's ARP requests) that a network node's provider bridge
 * and br-int learn from and none of its qg- ports takes: the external switch keeps the account
 * ({@link OverhearingFilter}). {@link OverheardLearning} puts what the receiver learned into its bridges'
 * snapshots.
 *
 * @param remoteIp   the sender's tunnel address: the {@code remote_ip} of the receiver's tunnel port; null
 *                   for frames from an external switch
 * @param vni        the HA network's VNI; 0 for frames from an external switch
 * @param src        the frames' source MAC, a master's ha- or qg- port or the outside router's
 * @param firstHeard when the first of them reached the receiver since it last went longer than the learned
 *                   flow's hard timeout ({@link NeutronFlows#LEARNED_HARD_TIMEOUT}) without one: when
 *                   br-tun installed the flow it still has (unused for an external switch's)
 * @param lastHeard  when the latest reached it
 */
public record OverheardStream(Ipv4Address remoteIp, int vni, MacAddress src, long firstHeard, long lastHeard) {

    public OverheardStream {
        if (lastHeard < firstHeard) {
            throw new IllegalArgumentException("last frame heard at " + lastHeard + ", before the first at " + firstHeard);
        }
    }
}
