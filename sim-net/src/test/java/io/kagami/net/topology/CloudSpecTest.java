package io.kagami.net.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.net.topology.CloudSpec.Vm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What the topology accepts, and the messages for what Neutron would refuse. */
class CloudSpecTest {
    private static final CloudSpec SEED = CloudSpec.seed();

    private static String refusal(UnaryOperator<List<Segment>> change) {
        List<Segment> segments = change.apply(new ArrayList<>(SEED.segments()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SEED.withSegments(segments));
        return e.getMessage();
    }

    private static Segment withVrid(Segment s, int vrid) {
        return new Segment(s.name(), s.project(), s.externalNetwork(), s.externalSubnet(), s.projectNetwork(),
                s.projectSubnet(), s.router(), s.routerGateway(), vrid, s.vms());
    }

    private static Segment withVm(Segment s, Vm vm) {
        return new Segment(s.name(), s.project(), s.externalNetwork(), s.externalSubnet(), s.projectNetwork(),
                s.projectSubnet(), s.router(), s.routerGateway(), s.vrid(), List.of(vm));
    }

    @Test
    void serversRenamedKeepTheirRoleAddressVmsAndStartUp() {
        CloudSpec named = SEED.withStartup(new CloudSpec.Startup(java.util.Map.of("network-8", 5L), 0, 0, 0, 0))
                .withServerNames(java.util.Map.of("network-8", "net-b", "compute-3", "rack1-cmp1"));
        CloudSpec.Server netB = named.servers().get(7);
        assertEquals(List.of("net-b", CloudSpec.Role.NETWORK, SEED.servers().get(7).tunnelIp()),
                List.of(netB.name(), netB.role(), netB.tunnelIp()));
        assertEquals("rack1-cmp1", named.segments().get(0).vms().get(0).host());
        assertEquals(5L, named.startup().powerUpOf("net-b"));
        assertEquals("node_names.network-9: unknown server 'network-9'", assertThrows(IllegalArgumentException.class,
                () -> SEED.withServerNames(java.util.Map.of("network-9", "x"))).getMessage());
        assertEquals("servers: 'network-7' is declared twice", assertThrows(IllegalArgumentException.class,
                () -> SEED.withServerNames(java.util.Map.of("network-8", "network-7"))).getMessage());
    }

    @Test
    void theSeedIsDomainsDeployment() {
        assertEquals(8, SEED.servers().size());
        assertEquals(List.of("controller-1", "controller-2", "compute-3", "compute-4", "compute-5", "compute-6",
                "network-7", "network-8"), SEED.servers().stream().map(CloudSpec.Server::name).toList());
        assertEquals(List.of("10.0.80.0/24", "10.0.81.0/24", "10.0.82.0/24"),
                SEED.segments().stream().map(s -> s.externalSubnet().toString()).toList());
        assertEquals(List.of("192.168.80.1", "192.168.81.1", "192.168.82.1"),
                SEED.segments().stream().map(s -> s.projectSubnet().gateway().toString()).toList());
        assertTrue(SEED.segments().stream().allMatch(s -> s.project().equals("service")));
    }

    @Test
    void aDuplicateVridInOneHaNetworkIsRefused() {
        String m = refusal(l -> {
            l.set(0, withVrid(l.get(0), 7));
            l.set(1, withVrid(l.get(1), 7));
            return l;
        });
        assertEquals("segments.81.vrid: 7 is already used in the HA network of project service (VRIDs are unique"
                + " per HA network)", m);
    }

    @Test
    void anAddressOutsideItsSubnetIsRefused() {
        Segment s = SEED.segments().get(0);
        String m = refusal(l -> {
            l.set(0, withVm(s, new Vm("vm80", "compute-3", Ipv4Address.parse("192.168.99.10"), s.vms().get(0)
                    .floatingIp())));
            return l;
        });
        assertEquals("segments.80.vms.vm80.fixed_ip: 192.168.99.10 is outside the subnet 192.168.80.0/24", m);
    }

    @Test
    void anUnknownNodeIsRefused() {
        Segment s = SEED.segments().get(0);
        String m = refusal(l -> {
            l.set(0, withVm(s, new Vm("vm80", "compute-9", s.vms().get(0).fixedIp(), s.vms().get(0).floatingIp())));
            return l;
        });
        assertEquals("segments.80.vms.vm80.host: unknown server 'compute-9'", m);
    }

    @Test
    void aVmOnANetworkNodeIsRefused() {
        Segment s = SEED.segments().get(0);
        String m = refusal(l -> {
            l.set(0, withVm(s, new Vm("vm80", "network-7", s.vms().get(0).fixedIp(), s.vms().get(0).floatingIp())));
            return l;
        });
        assertTrue(m.contains("'network-7' is a NETWORK node, VMs run on compute nodes"), m);
    }

    @Test
    void aFloatingIpUsedTwiceOrTheGatewayAddressIsRefused() {
        String m = refusal(l -> {
            Segment s = l.get(0);
            l.set(0, withVm(s, new Vm("vm80", "compute-3", s.vms().get(0).fixedIp(), s.routerGateway())));
            return l;
        });
        assertTrue(m.contains("10.0.80.2 is already in use"), m);
        String gw = refusal(l -> {
            Segment s = l.get(0);
            l.set(0, withVm(s, new Vm("vm80", "compute-3", s.projectSubnet().gateway(), null)));
            return l;
        });
        assertTrue(gw.contains("is the network, broadcast or gateway address"), gw);
    }

    @Test
    void moreRoutersThanVridsInOneProjectAreRefusedAndScalingSplitsProjects() {
        CloudSpec big = CloudSpec.scaled(600, 2, 4);
        assertEquals(List.of("service", "project-1", "project-2"),
                big.segments().stream().map(Segment::project).distinct().toList());
        assertTrue(refusal(l -> {
            List<Segment> many = new ArrayList<>(CloudSpec.scaled(255, 2, 4).segments());
            many.set(254, new Segment("334", "service", "ext-x", many.get(254).externalSubnet(), "net-x",
                    many.get(254).projectSubnet(), "router-x", many.get(254).routerGateway(), 0, List.of()));
            return many;
        }).contains("has more than 254 HA routers"));
    }

    @Test
    void badSubnetsAreRefused() {
        assertEquals("10.0.80.5/24 is not a network address",
                assertThrows(IllegalArgumentException.class, () -> Subnet.of("10.0.80.5/24", null)).getMessage());
        assertEquals("gateway 10.0.81.1 is outside 10.0.80.0/24",
                assertThrows(IllegalArgumentException.class, () -> Subnet.of("10.0.80.0/24", "10.0.81.1")).getMessage());
    }

    @Test
    void segmentsShareExternalNetworksInBlocksOfASlash16() {
        CloudSpec spec = CloudSpec.scaled(5, 2, 4, 254, 2);
        List<String> nets = spec.segments().stream().map(Segment::externalNetwork).toList();
        assertEquals(List.of("ext-net80", "ext-net80", "ext-net80", "ext-net81", "ext-net81"), nets);
        Segment third = spec.segments().get(2);
        assertEquals(Subnet.of("100.64.0.0/16", "100.64.0.1"), third.externalSubnet());
        assertEquals(Ipv4Address.parse("100.64.0.6"), third.routerGateway(), "two addresses a segment from .2");
        assertEquals(Ipv4Address.parse("100.64.0.7"), third.vms().get(0).floatingIp());
        assertEquals(Ipv4Address.parse("100.65.0.2"), spec.segments().get(3).routerGateway());
        String m = assertThrows(IllegalArgumentException.class, () -> CloudSpec.scaled(5, 2, 4, 254, 6)).getMessage();
        assertTrue(m.startsWith("external networks must be 1..64"), m);
    }

    @Test
    void aNodeNeedingMoreLocalVlansThanOvsHasIsRefused() {
        // every router on both network nodes: 2,100 project + 2,100 external + 9 HA networks on each
        String m = assertThrows(IllegalArgumentException.class, () -> CloudSpec.scaled(2100, 2, 4)).getMessage();
        assertEquals("network-7 would need 4209 local VLANs, more than the 4094 an OVS agent has (one per network"
                + " with a port on the node): add network nodes, or let the segments share external networks", m);
        assertEquals(2100, CloudSpec.scaled(2100, 2, 4, 254, 1).segments().size(), "one shared external network fits");
        assertEquals(2100, CloudSpec.scaled(2100, 3, 4).segments().size(), "so do three network nodes");
    }
}
