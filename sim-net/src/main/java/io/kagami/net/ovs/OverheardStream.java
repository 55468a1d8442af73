package io.kagami.net.ovs;

import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;

/**
 * Frames from one source MAC that a server's br-tun took from a tunnel, learned from, and passed to
 * br-int, which learned from them too and had no port that takes them: the VRRP adverts and gratuitous
 * ARPs a network node hears on a project's HA network from the routers it does not host. Their sender's
 * NIC keeps this account of them instead of delivering each one ({@code io.kagami.net.host.HostNic}), and
 * {@link OverheardLearning} puts what the receiver learned into its bridges' snapshots.
 *
 * @param remoteIp   the sender's tunnel address: the {@code remote_ip} of the receiver's tunnel port
 * @param vni        the HA network's VNI
 * @param src        the frames' source MAC, a master's ha- port
 * @param firstHeard when the first of them reached the receiver since it last went longer than the learned
 *                   flow's hard timeout ({@link NeutronFlows#LEARNED_HARD_TIMEOUT}) without one: when
 *                   br-tun installed the flow it still has
 * @param lastHeard  when the latest reached it
 */
public record OverheardStream(Ipv4Address remoteIp, int vni, MacAddress src, long firstHeard, long lastHeard) {

    public OverheardStream {
        if (lastHeard < firstHeard) {
            throw new IllegalArgumentException("last frame heard at " + lastHeard + ", before the first at " + firstHeard);
        }
    }
}
