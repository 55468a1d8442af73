package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.RawPayload;
import io.kagami.net.wire.FrameKey;
import io.kagami.net.wire.KeyedFilter;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.PortSpec;
import io.kagami.net.wire.ReceiveFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * NORMAL's flood to ports whose peers take frames by key: a frame reaches the ports that take every
 * frame and, of the keyed ones, only those wanting one of its keys, once each, in OpenFlow port order;
 * a frame without keys reaches them all; the sets follow port changes.
 */
class KeyedFloodTest {
    private static final MacAddress SRC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final Ipv4Address A = Ipv4Address.parse("169.254.192.1");
    private static final Ipv4Address B = Ipv4Address.parse("169.254.192.2");
    private static final Ipv4Address C = Ipv4Address.parse("169.254.192.3");

    /** ARP is sorted by its sender and target addresses; anything else is not sorted. */
    private static final FrameKey BY_ARP = f -> f.payload() instanceof ArpPacket arp
            ? List.of(arp.senderIp(), arp.targetIp()) : null;
    /** A second kind of key, wanted by nobody here. */
    private static final FrameKey NEVER = f -> List.of("other");

    private final Map<Integer, BridgePort> ports = new TreeMap<>();
    private final NormalSwitch normal = new NormalSwitch(ports);

    private void port(OvsPort config, ReceiveFilter peerIgnores) {
        ports.put(config.ofport(), new BridgePort(config,
                new Port(config.ofport(), new PortSpec(config.name(), null, 0, null, peerIgnores))));
        normal.portsChanged();
    }

    private List<Integer> flood(EthernetFrame frame) {
        List<Integer> out = new ArrayList<>();
        normal.forward(1, frame, 0, (port, f, taken) -> {
            ReceiveFilter filter = ports.get(port).peerIgnores();
            // taken: the filter need not be asked, and would have said the same
            assertEquals(filter instanceof KeyedFilter, taken, "port " + port);
            if (taken) {
                assertFalse(filter.ignores(f), "port " + port + " was handed a frame its filter ignores");
            }
            out.add(port);
        });
        return out;
    }

    private static EthernetFrame arp(Ipv4Address sender, Ipv4Address target) {
        return EthernetFrame.of(MacAddress.BROADCAST, SRC, ArpPacket.request(SRC, sender, target));
    }

    private void build() {
        port(OvsPort.internal("in", 1).withTag(1), null);
        port(OvsPort.internal("x", 2).withTag(1), new KeyedFilter(BY_ARP, Set.of(A)));
        port(OvsPort.internal("y", 3).withTag(1), new KeyedFilter(BY_ARP, Set.of(A, B)));
        port(OvsPort.internal("p", 4).withTag(1), null);
        port(OvsPort.patch("t", 5, "peer"), new KeyedFilter(NEVER, Set.of("mine")));
        port(OvsPort.internal("z", 6).withTag(2), null);
    }

    @Test
    void aKeyedFrameReachesThePlainPortsAndItsTakersOnceInPortOrder() {
        build();
        assertEquals(List.of(2, 3, 4), flood(arp(B, A)), "x wants A, y wants both A and B: once");
        assertEquals(List.of(3, 4), flood(arp(B, C)));
        assertEquals(List.of(4), flood(arp(C, C)), "nobody keyed wants C: only the plain port");
    }

    @Test
    void aFrameWithoutKeysReachesEveryPortOfItsVlan() {
        build();
        EthernetFrame ip = EthernetFrame.of(MacAddress.BROADCAST, SRC, Ipv4Packet.of(A,
                Ipv4Address.parse("224.0.0.18"), 255, 1, false, RawPayload.of(253, new byte[8])));
        assertEquals(List.of(2, 3, 4), flood(ip), "the trunk's peer sorts by another key and wants none of it");
    }

    @Test
    void theFloodSetsFollowPortChanges() {
        build();
        assertEquals(List.of(4), flood(arp(C, C)));
        port(OvsPort.internal("w", 7).withTag(1), new KeyedFilter(BY_ARP, Set.of(C)));
        assertEquals(List.of(4, 7), flood(arp(C, C)));
    }
}
