package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static io.kagami.net.netns.Lab.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.netfilter.ConntrackSettings;
import io.kagami.net.netfilter.Netfilter;
import io.kagami.net.netfilter.NetfilterTables;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conntrack sample of a namespace: once a second, a record only when the count changed, none
 * at all in a namespace without conntrack, and the count of the table as {@code conntrack -C}
 * gives it (an ICMP entry lives 30 s).
 */
@ExtendWith(SharedKernel.class)
class ConntrackSampleTest {
    private static final long S = VirtualTime.SECOND;

    private final RunResult run;

    /** A host pings through a router at 1.5 s a host that answers, at 2.5 s an address no one has; until 40 s. */
    ConntrackSampleTest(Kernel kernel) {
        Lab lab = new Lab();
        var app = lab.recorder("app");
        Fabric.Device router = lab.namespace(NamespaceConfig.of("qrouter", List.of(
                        InterfaceConfig.ovsInternal("qr-1", mac(0x10), 1450)
                                .withAddress(InterfaceAddress.parse("10.0.0.1/24")),
                        InterfaceConfig.ovsInternal("qg-1", mac(0x11), 1500)
                                .withAddress(InterfaceAddress.parse("172.16.0.1/24"))))
                .withSysctls(Sysctls.ROUTER)
                .withNetfilter(() -> new Netfilter(NetfilterTables.empty(), ConntrackSettings.defaults(), d -> null)));
        Fabric.Device vm = lab.namespace(Lab.host("vm", "10.0.0.5/24", 1)
                .withRoute(Route.defaultVia(ip("10.0.0.1"), "eth0"))
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, app, d -> d)));
        Fabric.Device ext = lab.namespace(Lab.host("ext", "172.16.0.9/24", 2)
                .withRoute(Route.defaultVia(ip("172.16.0.1"), "eth0")));
        lab.cable(vm, "eth0", router, "qr-1");
        lab.cable(ext, "eth0", router, "qg-1");
        lab.at(1.5, vm, new SendPacket(Lab.ping("10.0.0.5", "172.16.0.9", 1), null));
        lab.at(2.5, vm, new SendPacket(Lab.ping("10.0.0.5", "172.16.0.77", 2), null)); // no one there
        run = lab.run(kernel, 40);
    }

    @Test
    void aRecordEachSecondTheCountChanged() {
        assertEquals(1, Lab.recorded(run, "app", IpDelivered.class).size(), "the first ping is answered");
        List<Lab.Timed<Namespace.ConntrackCount>> counts = Lab.recorded(run, "qrouter", Namespace.ConntrackCount.class);
        // an ICMP entry lives 30 s from its last packet: the answered one from 1.5s and a few ms, the other from 2.5s
        assertEquals(List.of(new Lab.Timed<>(2 * S, new Namespace.ConntrackCount(1)),
                new Lab.Timed<>(3 * S, new Namespace.ConntrackCount(2)),
                new Lab.Timed<>(32 * S, new Namespace.ConntrackCount(1)),
                new Lab.Timed<>(33 * S, new Namespace.ConntrackCount(0))), counts);
    }

    @Test
    void aNamespaceWithoutConntrackSamplesNothing() {
        assertTrue(Lab.recorded(run, "vm", Namespace.ConntrackCount.class).isEmpty());
        assertTrue(run.observations().stream().noneMatch(o -> o.entity().equals("ext")
                && o.value() instanceof Namespace.ConntrackCount));
    }
}
