package io.kagami.net.apps;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.net.netns.IpDelivered;
import io.kagami.net.netns.Socket;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.wire.DeviceInput;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * sshd in a VM: listens on a TCP port (22), accepts any number of connections and echoes every byte
 * it receives, as an interactive shell echoes keystrokes; when a client closes, the shell exits and
 * the connection is closed too. A segment that belongs to no connection and is not a SYN to the port
 * is answered with a RST, as the kernel answers it. Left out: the SSH protocol itself (key exchange,
 * encryption, its own keepalives), the listen backlog and SYN cookies.
 *
 * <p>The topology registers {@link #socket} in the namespace and puts the server in the namespace's
 * group: it sends its packets to the namespace with no delay.
 */
public final class SshServer implements Entity<SshServer.Input> {

    /** What the server reacts to. */
    public sealed interface Input permits Delivered, TcpTimerFired {}

    /** A packet the namespace delivered to the server's socket. */
    public record Delivered(IpDelivered delivered) implements Input {}

    /** One of a connection's timers. */
    public record TcpTimerFired(TcpTimer timer) implements Input {}

    /**
     * @param port  the TCP port listened on
     * @param tcp   the kernel's TCP settings
     */
    public record Settings(int port, TcpSettings tcp) {
        public Settings {
            if (port < 1 || port > 0xFFFF) {
                throw new IllegalArgumentException("port " + port + " out of range 1..65535");
            }
            Objects.requireNonNull(tcp, "tcp");
        }

        /** Port 22, Linux's TCP settings. */
        public static Settings defaults() {
            return new Settings(SshClient.SSH_PORT, TcpSettings.LINUX);
        }

        public Settings withPort(int p) {
            return new Settings(p, tcp);
        }

        public Settings withTcp(TcpSettings t) {
            return new Settings(port, t);
        }
    }

    private final EntityRef<DeviceInput> namespace;
    private final Ipv4Address listenAddress;
    private final Settings settings;
    private final Map<TcpFlow, TcpConnection> connections = new HashMap<>();

    /**
     * @param namespace     the namespace the server runs in
     * @param listenAddress the address listened on, or null for every address of the namespace (0.0.0.0)
     */
    public SshServer(EntityRef<DeviceInput> namespace, Ipv4Address listenAddress, Settings settings) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.listenAddress = listenAddress;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The socket to register in the namespace: TCP to the listening port. */
    public static Socket<Input> socket(EntityRef<Input> server, Settings settings) {
        return new Socket<>(TcpSegment.PROTOCOL, settings.port(), server, Delivered::new);
    }

    @Override
    public void onMessage(Context<Input> ctx, Input input) {
        Io io = new Io(ctx);
        if (input instanceof TcpTimerFired t) {
            TcpConnection c = connections.get(t.timer().flow());
            if (c != null) {
                c.onTimer(io, t.timer().kind());
                forgetIfClosed(c);
            }
            return;
        }
        Ipv4Packet packet = ((Delivered) input).delivered().packet();
        if (!(packet.payload() instanceof TcpSegment segment)) {
            return;
        }
        TcpFlow flow = TcpFlow.ofReceived(packet, segment);
        TcpConnection c = connections.get(flow);
        if (c != null) {
            c.onSegment(io, segment);
            forgetIfClosed(c);
        } else if ((segment.flags() & (TcpSegment.SYN | TcpSegment.ACK | TcpSegment.RST)) == TcpSegment.SYN
                && segment.dstPort() == settings.port()
                && (listenAddress == null || listenAddress.equals(packet.dst()))) {
            // Linux draws the ISN from a keyed hash of the four numbers and a clock; a random number does as well.
            connections.put(flow, TcpConnection.accept(io, flow, segment, ctx.random().nextLong(1L << 32),
                    settings.tcp()));
        } else {
            io.reset(packet, segment);
        }
    }

    private void forgetIfClosed(TcpConnection c) {
        if (c.isClosed()) {
            connections.remove(c.flow());
        }
    }

    /** The server's side of its connections during one event. */
    private final class Io extends TcpAppIo<Input> {

        Io(Context<Input> ctx) {
            super(ctx, namespace, TcpTimerFired::new, settings.tcp());
        }

        @Override
        public void established(TcpConnection connection) {
            ctx.record(new SshSessionAccepted(connection.flow()));
        }

        @Override
        public void received(TcpConnection connection, byte[] data) {
            connection.write(this, data);
        }

        @Override
        public void peerClosed(TcpConnection connection) {
            connection.close(this);
        }

        @Override
        public void retransmitted(TcpConnection connection, TcpRetransmitted retransmission) {
            ctx.record(retransmission);
        }

        @Override
        public void ended(TcpConnection connection, TcpCloseReason reason) {
            ctx.record(new SshSessionEnded(connection.flow(), reason, connection.bytesSent()));
        }
    }
}
