package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Route commands as the kernel takes them: a gateway must be on a connected subnet of the device, one
 * route per prefix, none through a device that is down; taking a device down deletes its static
 * routes for good, while its connected routes come back with it.
 */
@ExtendWith(SharedKernel.class)
class RouteCommandsTest {

    private static final Route DEFAULT = Route.defaultVia(ip("10.0.0.254"), "eth0");
    private static final Route FAR = Route.via(ip("10.2.0.0"), 16, ip("10.1.0.254"), "eth1");

    private final RunResult run;

    RouteCommandsTest(Kernel kernel) {
        Lab lab = new Lab();
        Fabric.Device r = lab.namespace(NamespaceConfig.of("r", List.of(
                InterfaceConfig.ethernet("eth0", Lab.mac(1), 1500).withAddress(InterfaceAddress.parse("10.0.0.1/24")),
                InterfaceConfig.ethernet("eth1", Lab.mac(2), 1500)
                        .withAddress(InterfaceAddress.parse("10.1.0.1/24")))));
        lab.at(1, r, new NamespaceCommand.AddRoute(Route.defaultVia(ip("192.168.1.1"), "eth0")));
        lab.at(1, r, new NamespaceCommand.AddRoute(DEFAULT));
        lab.at(1, r, new NamespaceCommand.AddRoute(Route.defaultVia(ip("10.1.0.254"), "eth1")));
        lab.at(1, r, new NamespaceCommand.AddRoute(FAR));
        lab.at(2, r, new NamespaceCommand.Snapshot());
        lab.at(3, r, new NamespaceCommand.SetInterfaceUp("eth1", false));
        lab.at(3, r, new NamespaceCommand.AddRoute(Route.via(ip("10.3.0.0"), 16, ip("10.1.0.254"), "eth1")));
        lab.at(4, r, new NamespaceCommand.Snapshot());
        lab.at(5, r, new NamespaceCommand.SetInterfaceUp("eth1", true));
        lab.at(6, r, new NamespaceCommand.Snapshot());
        lab.at(7, r, new NamespaceCommand.DelRoute(FAR));
        lab.at(7, r, new NamespaceCommand.SetInterfaceUp("eth9", true));
        run = lab.run(kernel, 10);
    }

    @Test
    void staticRoutesGoWithTheirDeviceAndConnectedOnesComeBack() {
        List<String> tables = Lab.recorded(run, "r", NamespaceSnapshot.class).stream()
                .map(t -> Iproute2.route(t.value())).toList();
        assertEquals(List.of(
                "default via 10.0.0.254 dev eth0 \n"
                        + "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n"
                        + "10.1.0.0/24 dev eth1 proto kernel scope link src 10.1.0.1 \n"
                        + "10.2.0.0/16 via 10.1.0.254 dev eth1 \n",
                "default via 10.0.0.254 dev eth0 \n"
                        + "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n",
                "default via 10.0.0.254 dev eth0 \n"
                        + "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n"
                        + "10.1.0.0/24 dev eth1 proto kernel scope link src 10.1.0.1 \n"),
                tables);
    }

    @Test
    void refusedCommandsAreRecordedWithIproute2sMessages() {
        assertEquals(List.of(
                        "Error: Nexthop has invalid gateway.",
                        "RTNETLINK answers: File exists",
                        "Error: Nexthop device is not up.",
                        "RTNETLINK answers: No such process",
                        "Cannot find device \"eth9\""),
                Lab.recorded(run, "r", CommandRefused.class).stream().map(t -> t.value().error()).toList());
    }
}
