package io.kagami.net.views;

import io.kagami.net.topology.Cloud;

/**
 * Where the operator views start: ask before the run, render after it.
 * <pre>
 * Cloud cloud = Cloud.build(CloudSpec.seed());
 * ViewHandle at20s = Views.at(cloud, 20 * VirtualTime.SECOND);
 * RunResult result = kernel.run(cloud.model(), RunOptions.defaults().withUntil(25 * VirtualTime.SECOND));
 * OperatorViews views = at20s.in(result);
 * views.ipNetns("network-7");                       // ip netns
 * views.ipAddr("network-7", "qrouter-...");         // ip netns exec qrouter-... ip addr
 * views.ovsVsctlShow("network-7");                  // ovs-vsctl show
 * views.dumpFlows("compute-3", "br-tun");           // ovs-ofctl dump-flows br-tun
 * views.agentListForRouter("router80");             // openstack network agent list --router router80 --long
 * views.keepalivedLog("network-7", "router80");     // keepalived's lines in syslog
 * </pre>
 * Left out: parsing command lines (a sandbox maps what an operator types to these calls), views of
 * running processes ({@code ps}), of iptables and conntrack, and tcpdump (pcap has its own writer).
 */
public final class Views {
    private Views() {}

    /** Snapshots of every node's namespaces and bridges and of neutron-server at {@code time}. */
    public static ViewHandle at(Cloud cloud, long time) {
        return ViewRequest.at(time).inject(cloud);
    }
}
