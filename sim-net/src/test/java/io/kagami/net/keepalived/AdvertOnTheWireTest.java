package io.kagami.net.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.EntityRef;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.link.Lan;
import io.kagami.net.link.LanHost;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.VrrpAdvertisement;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a master puts on the HA network is a real VRRP packet: it survives encoding and decoding. */
class AdvertOnTheWireTest {
    @Test
    void theMastersAdvertsAreKeepalivedsPacketsByteForByte() throws Exception {
        VrrpConfig config = VrrpConfig.neutron("VR_7", 2, 7, 50, 2 * VirtualTime.SECOND, true,
                Ipv4Address.of(169, 254, 192, 9), List.of(Ipv4Address.of(169, 254, 0, 7)));
        Lan lan = new Lan("ha", 100 * VirtualTime.MICROSECOND);
        Model.Builder m = Model.builder();
        EntityRef<KeepalivedInstance.Input> ka = m.add("network-7/keepalived/VR_7", "network-7",
                () -> new KeepalivedInstance(config, new LanHost(lan)));
        EntityRef<Ipv4Packet> tap = m.add("network-8/tcpdump", "network-8", () -> (ctx, packet) -> ctx.record(packet));
        lan.attach(ka, KeepalivedInstance.Received::new);
        lan.attach(tap, p -> p);
        m.lookahead("network-7", "network-8", lan.latency()).inject(0, ka, KeepalivedInstance.Signal.START);
        RunResult r;
        try (Kernel kernel = Kernel.create(1)) {
            r = kernel.run(m.build(), RunOptions.defaults().withUntil(12 * VirtualTime.SECOND));
        }
        List<Ipv4Packet> captured = r.observations().stream().filter(o -> o.value() instanceof Ipv4Packet)
                .map(o -> (Ipv4Packet) o.value()).toList();
        long masterDown = config.masterDownInterval(config.advertInterval());
        // alone on the network: master after master_down, then an advert every 2 s
        assertEquals(1 + (12 * VirtualTime.SECOND - masterDown) / (2 * VirtualTime.SECOND), captured.size());
        for (Ipv4Packet p : captured) {
            Ipv4Packet decoded = Ipv4Packet.decode(Unpooled.wrappedBuffer(p.toBytes()));
            assertEquals(p, decoded);
            VrrpAdvertisement a = (VrrpAdvertisement) decoded.payload();
            assertEquals(List.of(7, 50, 2), List.of(a.vrid(), a.priority(), a.advertInterval()));
            assertEquals(VrrpAdvertisement.MULTICAST_GROUP, decoded.dst());
            assertEquals(255, decoded.ttl());
            assertEquals(config.address(), decoded.src());
            assertTrue(p.toBytes().length == 20 + 8 + 4 + 8, "IPv4 + VRRPv2 header + 1 address + auth data");
        }
    }
}
