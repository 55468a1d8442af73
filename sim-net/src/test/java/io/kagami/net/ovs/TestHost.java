package io.kagami.net.ovs;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.FrameIn;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.PortSpec;
import java.util.List;

/** A one-port test device: sends the frames injected into it as {@link Send}, records what it receives. */
final class TestHost implements Entity<DeviceInput> {

    /** Tells the host to transmit {@code frame}. */
    record Send(EthernetFrame frame) implements DeviceInput {}

    /** Recorded for every frame the host receives. */
    record Received(EthernetFrame frame) {}

    private final Port port;

    TestHost(List<PortSpec> ports) {
        this.port = new Port(0, ports.get(0));
    }

    @Override
    public void onMessage(Context<DeviceInput> ctx, DeviceInput message) {
        if (message instanceof FrameIn in) {
            ctx.record(new Received(in.frame()));
        } else if (message instanceof Send send) {
            port.transmit(ctx, send.frame());
        } else {
            throw new IllegalArgumentException("test host does not take " + message);
        }
    }
}
