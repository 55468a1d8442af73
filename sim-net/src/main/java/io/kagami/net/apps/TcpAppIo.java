package io.kagami.net.apps;

import io.kagami.core.Context;
import io.kagami.core.EntityRef;
import io.kagami.net.netns.SendPacket;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.wire.DeviceInput;
import java.util.function.Function;

/**
 * A TCP application's side of its connections during one event, the plumbing {@link SshClient} and
 * {@link SshServer} share: packets go to the namespace the application runs in with no delay, the
 * connections' timers are the application's own and come back as the input {@code timerFired} makes
 * of them, and a segment that belongs to no connection is answered with a reset
 * ({@link TcpSegment#resetFor}), as the kernel answers it.
 *
 * @param <I> the application's input
 */
abstract class TcpAppIo<I> implements TcpConnection.Owner {
    final Context<I> ctx;
    private final EntityRef<DeviceInput> namespace;
    private final Function<TcpTimer, ? extends I> timerFired;
    private final TcpSettings tcp;

    TcpAppIo(Context<I> ctx, EntityRef<DeviceInput> namespace, Function<TcpTimer, ? extends I> timerFired,
            TcpSettings tcp) {
        this.ctx = ctx;
        this.namespace = namespace;
        this.timerFired = timerFired;
        this.tcp = tcp;
    }

    @Override
    public long now() {
        return ctx.now();
    }

    @Override
    public void transmit(Ipv4Packet packet) {
        ctx.send(namespace, new SendPacket(packet, null), 0);
    }

    @Override
    public void startTimer(TcpTimer timer, long delay) {
        ctx.startTimer(timer, delay, timerFired.apply(timer));
    }

    @Override
    public void cancelTimer(TcpTimer timer) {
        ctx.cancelTimer(timer);
    }

    /**
     * Answers {@code segment}, the payload of {@code received}, with a reset from the address it was
     * sent to, with the settings' TTL, DF set and IP ID 0; a reset is not answered.
     */
    void reset(Ipv4Packet received, TcpSegment segment) {
        TcpSegment reset = TcpSegment.resetFor(segment);
        if (reset != null) {
            transmit(Ipv4Packet.of(received.dst(), received.src(), tcp.ttl(), 0, true, reset));
        }
    }
}
