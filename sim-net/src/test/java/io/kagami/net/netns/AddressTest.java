package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static io.kagami.net.netns.Lab.mac;
import static io.kagami.net.netns.Lab.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Adding and deleting addresses as keepalived does with the VIP on ha-: the address monitor hears of
 * each change, and a deleted VIP is neither answered in ARP nor delivered locally (how a backup stops
 * attracting traffic). Also the kernel's secondary addresses and its refusals.
 */
@ExtendWith(SharedKernel.class)
class AddressTest {

    private static final String HA = "ha-3f1c2b7e-4a";
    private static final Ipv4Address VIP = ip("169.254.0.1");
    private static final MacAddress TESTER = mac(0x99);

    private final RunResult run;

    /**
     * The master adds the VIP at 1 s and deletes it at 3 s; the peer pings it at 2 s and 4 s; a tester asks
     * who has it at 2.5 s and 5 s; the master deletes it again at 6 s; at 7 s it gets 10.1.0.1/24 and
     * 10.1.0.2/24 (a secondary) and 10.2.0.1/24, and at 8 s 10.1.0.1/24 is deleted.
     */
    AddressTest(Kernel kernel) {
        Lab lab = new Lab();
        var stateChange = lab.recorder("state-change");
        var masterApp = lab.recorder("master-app");
        var peerApp = lab.recorder("peer-app");
        Fabric.Device master = lab.namespace(NamespaceConfig.of("qrouter-master", List.of(
                        InterfaceConfig.ovsInternal(HA, mac(0x21), 1450)
                                .withAddress(InterfaceAddress.parse("169.254.192.2/18").withBroadcast())))
                .withSysctls(Sysctls.HA_ROUTER)
                .withMonitor(new AddressMonitor<>(stateChange, e -> e))
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, masterApp, d -> d)));
        Fabric.Device peer = lab.namespace(Lab.host("peer", "169.254.192.1/18", 0x22)
                .withRoute(Route.onLink(ip("169.254.0.0"), 24, "eth0"))
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, peerApp, d -> d)));
        Fabric.Device hub = lab.hub("ha-net");
        lab.plug(master, HA, hub);
        lab.plug(peer, "eth0", hub);
        lab.at(1, master, new NamespaceCommand.AddAddress(HA, VIP, 24));
        lab.at(2, peer, new SendPacket(ping("169.254.192.1", "169.254.0.1", 1), null));
        lab.at(2.5, hub, new Hub.Inject(whoHasVip()));
        lab.at(3, master, new NamespaceCommand.DelAddress(HA, VIP, 24));
        lab.at(4, peer, new SendPacket(ping("169.254.192.1", "169.254.0.1", 2), null));
        lab.at(5, hub, new Hub.Inject(whoHasVip()));
        lab.at(6, master, new NamespaceCommand.DelAddress(HA, VIP, 24));
        lab.at(7, master, new NamespaceCommand.AddAddress(HA, ip("10.1.0.1"), 24));
        lab.at(7, master, new NamespaceCommand.AddAddress(HA, ip("10.1.0.2"), 24));
        lab.at(7, master, new NamespaceCommand.AddAddress(HA, ip("10.2.0.1"), 24));
        lab.at(7.5, master, new NamespaceCommand.Snapshot());
        lab.at(8, master, new NamespaceCommand.DelAddress(HA, ip("10.1.0.1"), 24));
        run = lab.run(kernel, 10);
    }

    private static EthernetFrame whoHasVip() {
        return EthernetFrame.of(MacAddress.BROADCAST, TESTER, ArpPacket.request(TESTER, ip("169.254.0.99"), VIP));
    }

    @Test
    void theMonitorHearsOfEveryAddressAddedAndDeleted() {
        List<Lab.Timed<AddressEvent>> events = Lab.recorded(run, "state-change", AddressEvent.class);
        assertEquals(List.of(
                new AddressEvent("qrouter-master", HA, VIP, 24, true),
                new AddressEvent("qrouter-master", HA, VIP, 24, false),
                new AddressEvent("qrouter-master", HA, ip("10.1.0.1"), 24, true),
                new AddressEvent("qrouter-master", HA, ip("10.1.0.2"), 24, true),
                new AddressEvent("qrouter-master", HA, ip("10.2.0.1"), 24, true),
                // Deleting a primary deletes its secondaries first (promote_secondaries=0).
                new AddressEvent("qrouter-master", HA, ip("10.1.0.2"), 24, false),
                new AddressEvent("qrouter-master", HA, ip("10.1.0.1"), 24, false)),
                events.stream().map(Lab.Timed::value).toList());
        assertEquals(List.of(1L, 3L, 7L, 7L, 7L, 8L, 8L),
                events.stream().map(t -> t.time() / VirtualTime.SECOND).toList());
    }

    @Test
    void aDeletedVipIsNoLongerAnsweredInArp() {
        List<Long> replies = Lab.recorded(run, "ha-net", Hub.Seen.class).stream()
                .filter(s -> s.value().frame().payload() instanceof ArpPacket arp && arp.op() == ArpPacket.Op.REPLY
                        && arp.senderIp().equals(VIP))
                .map(s -> s.time() / VirtualTime.MILLISECOND)
                .toList();
        assertEquals(List.of(2003L, 2502L), replies, "the peer's resolution and the tester's, none after 3 s");
    }

    @Test
    void aDeletedVipIsNoLongerDeliveredLocally() {
        assertEquals(List.of(1), Lab.recorded(run, "master-app", IpDelivered.class).stream()
                .map(t -> ((IcmpEcho) t.value().packet().payload()).seq()).toList());
        assertEquals(List.of(1), Lab.recorded(run, "peer-app", IpDelivered.class).stream()
                .map(t -> ((IcmpEcho) t.value().packet().payload()).seq()).toList());
    }

    @Test
    void deletingAnAbsentAddressIsRefusedAsIpAddrDelWouldBe() {
        assertEquals(List.of(new CommandRefused("qrouter-master", new NamespaceCommand.DelAddress(HA, VIP, 24),
                        "RTNETLINK answers: Cannot assign requested address")),
                Lab.recorded(run, "qrouter-master", CommandRefused.class).stream().map(Lab.Timed::value).toList());
    }

    @Test
    void aSecondAddressInASubnetIsSecondaryAndListedAfterThePrimaries() {
        NamespaceSnapshot snapshot = Lab.recorded(run, "qrouter-master", NamespaceSnapshot.class).get(0).value();
        List<NamespaceSnapshot.Address> ha = snapshot.links().get(1).addresses();
        InterfaceAddress haAddress = InterfaceAddress.parse("169.254.192.2/18").withBroadcast();
        assertEquals(List.of(
                        new NamespaceSnapshot.Address(haAddress, false),
                        new NamespaceSnapshot.Address(InterfaceAddress.parse("10.1.0.1/24"), false),
                        new NamespaceSnapshot.Address(InterfaceAddress.parse("10.2.0.1/24"), false),
                        new NamespaceSnapshot.Address(InterfaceAddress.parse("10.1.0.2/24"), true)),
                ha);
    }
}
