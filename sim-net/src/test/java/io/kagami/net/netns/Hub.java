package io.kagami.net.netns;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.FrameIn;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.PortSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A test hub: floods every frame to every other port and records it (as tcpdump on a shared LAN
 * would see it), and sends frames it is told to from outside, as a host the test plays.
 */
final class Hub implements Entity<DeviceInput> {

    /** A frame the test sends into the LAN, to every port. */
    record Inject(EthernetFrame frame) implements DeviceInput {}

    /** A frame seen on {@code port}, recorded as an observation. */
    record Seen(String port, EthernetFrame frame) {}

    private final List<Port> ports = new ArrayList<>();

    Hub(List<PortSpec> specs) {
        for (int i = 0; i < specs.size(); i++) {
            ports.add(new Port(i, specs.get(i)));
        }
    }

    @Override
    public void onMessage(Context<DeviceInput> ctx, DeviceInput message) {
        if (message instanceof FrameIn in) {
            ctx.record(new Seen(ports.get(in.port()).name(), in.frame()));
            flood(ctx, in.frame(), in.port());
        } else if (message instanceof Inject inject) {
            flood(ctx, inject.frame(), -1);
        }
    }

    private void flood(Context<DeviceInput> ctx, EthernetFrame frame, int except) {
        for (Port p : ports) {
            if (p.index() != except) {
                p.transmit(ctx, frame);
            }
        }
    }
}
