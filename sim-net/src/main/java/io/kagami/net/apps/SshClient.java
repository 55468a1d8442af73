package io.kagami.net.apps;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.core.VirtualTime;
import io.kagami.net.netns.IpDelivered;
import io.kagami.net.netns.Socket;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.wire.DeviceInput;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * A user in an interactive SSH session, the flow whose breakage operators notice after a failover:
 * connects to the server's port 22 (at {@code startAt}, or when sent {@link Command#CONNECT}), then
 * types a keystroke every {@code interval} and waits for its echo. Each keystroke is a small segment
 * (36 bytes by default: one SSH_MSG_CHANNEL_DATA byte in an OpenSSH chacha20-poly1305 packet) whose
 * first 8 bytes number it, so the echo is checked byte for byte. It records {@link SshConnected},
 * {@link KeystrokeSent}, {@link KeystrokeEchoed}, {@link TcpRetransmitted} and
 * {@link SshConnectionEnded}; {@link Outage} turns the echoes into an outage.
 *
 * <p>Left out: the SSH protocol (key exchange, encryption, ServerAliveInterval, OpenSSH 9.5's
 * keystroke-timing obfuscation), reconnecting after a broken session, and an ephemeral source port:
 * the port is fixed by the settings, since the topology registers the client's socket before the run
 * (Linux would pick one in ip_local_port_range, 32768-60999).
 *
 * <p>The topology registers {@link #socket} in the namespace and puts the client in the namespace's
 * group: it sends its packets to the namespace with no delay.
 */
public final class SshClient implements Entity<SshClient.Input> {

    /** The SSH port. */
    public static final int SSH_PORT = 22;

    /** What the client reacts to. */
    public sealed interface Input permits Delivered, TcpTimerFired, Command, Tick {}

    /** A packet the namespace delivered to the client's socket. */
    public record Delivered(IpDelivered delivered) implements Input {}

    /** One of the connection's timers. */
    public record TcpTimerFired(TcpTimer timer) implements Input {}

    /** What a scenario may tell the user to do (or the client's own timers do, from the settings). */
    public enum Command implements Input {
        /** Start a session: ignored while one is open or after one has ended. */
        CONNECT,
        /** Stop typing and close the session (the user types {@code exit}). */
        HANG_UP
    }

    private enum Tick implements Input { KEYSTROKE }

    /**
     * @param serverPort     the server's port
     * @param sourcePort     the client's own port (its socket's)
     * @param startAt        when to connect; {@link VirtualTime#NEVER} to wait for {@link Command#CONNECT}
     * @param interval       between keystrokes; the first goes as soon as the session is open
     * @param keystrokeBytes bytes per keystroke segment, at least 8
     * @param sessionLength  how long after connecting to hang up; {@link VirtualTime#NEVER} for never
     * @param tcp            the kernel's TCP settings
     */
    public record Settings(int serverPort, int sourcePort, long startAt, long interval, int keystrokeBytes,
                           long sessionLength, TcpSettings tcp) {
        public Settings {
            checkPort("serverPort", serverPort);
            checkPort("sourcePort", sourcePort);
            if (startAt < 0) {
                throw new IllegalArgumentException("startAt must be >= 0, got " + startAt);
            }
            if (interval <= 0) {
                throw new IllegalArgumentException("interval must be > 0, got " + interval);
            }
            if (keystrokeBytes < Long.BYTES || keystrokeBytes > tcp.mss()) {
                throw new IllegalArgumentException("keystrokeBytes " + keystrokeBytes + " out of range 8.."
                        + tcp.mss() + " (the MSS)");
            }
            if (sessionLength <= 0) {
                throw new IllegalArgumentException("sessionLength must be > 0, got " + sessionLength);
            }
        }

        private static void checkPort(String field, int port) {
            if (port < 1 || port > 0xFFFF) {
                throw new IllegalArgumentException(field + " " + port + " out of range 1..65535");
            }
        }

        /** Port 22 from port 32768, connecting at time 0, a 36-byte keystroke every second, forever. */
        public static Settings defaults() {
            return new Settings(SSH_PORT, 32768, 0, VirtualTime.SECOND, 36, VirtualTime.NEVER, TcpSettings.LINUX);
        }

        public Settings withServerPort(int p) {
            return new Settings(p, sourcePort, startAt, interval, keystrokeBytes, sessionLength, tcp);
        }

        public Settings withSourcePort(int p) {
            return new Settings(serverPort, p, startAt, interval, keystrokeBytes, sessionLength, tcp);
        }

        public Settings withStartAt(long t) {
            return new Settings(serverPort, sourcePort, t, interval, keystrokeBytes, sessionLength, tcp);
        }

        public Settings withInterval(long i) {
            return new Settings(serverPort, sourcePort, startAt, i, keystrokeBytes, sessionLength, tcp);
        }

        public Settings withKeystrokeBytes(int n) {
            return new Settings(serverPort, sourcePort, startAt, interval, n, sessionLength, tcp);
        }

        public Settings withSessionLength(long l) {
            return new Settings(serverPort, sourcePort, startAt, interval, keystrokeBytes, l, tcp);
        }

        public Settings withTcp(TcpSettings t) {
            return new Settings(serverPort, sourcePort, startAt, interval, keystrokeBytes, sessionLength, t);
        }
    }

    private final EntityRef<DeviceInput> namespace;
    private final TcpFlow flow;
    private final Settings settings;

    private TcpConnection connection;
    private long connectAt;
    private boolean typing;
    private long sent;
    private long echoed;
    /** When each keystroke not yet echoed was typed, oldest first. */
    private final ArrayDeque<Long> unechoed = new ArrayDeque<>();
    private byte[] echo = new byte[0];

    /**
     * @param namespace the namespace the client runs in
     * @param local     the client's address
     * @param server    the server's address (a floating IP, say)
     */
    public SshClient(EntityRef<DeviceInput> namespace, Ipv4Address local, Ipv4Address server, Settings settings) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.flow = new TcpFlow(local, settings.sourcePort(), server, settings.serverPort());
    }

    /** The socket to register in the namespace: TCP to the client's source port. */
    public static Socket<Input> socket(EntityRef<Input> client, Settings settings) {
        return new Socket<>(TcpSegment.PROTOCOL, settings.sourcePort(), client, Delivered::new);
    }

    @Override
    public void onStart(Context<Input> ctx) {
        if (settings.startAt() != VirtualTime.NEVER) {
            ctx.startTimer(Command.CONNECT, settings.startAt(), Command.CONNECT);
        }
    }

    @Override
    public void onMessage(Context<Input> ctx, Input input) {
        Io io = new Io(ctx);
        if (input instanceof Delivered d) {
            receive(io, d.delivered().packet());
        } else if (input instanceof TcpTimerFired t) {
            if (connection != null && t.timer().flow().equals(flow)) {
                connection.onTimer(io, t.timer().kind());
            }
        } else if (input == Command.CONNECT) {
            if (connection == null) {
                connectAt = ctx.now();
                // Linux draws the ISN from a keyed hash of the four numbers and a clock; a random number does as well.
                connection = TcpConnection.connect(io, flow, ctx.random().nextLong(1L << 32), settings.tcp());
            }
        } else if (input == Command.HANG_UP) {
            stopTyping(ctx);
            if (connection != null) {
                connection.close(io);
            }
        } else if (input == Tick.KEYSTROKE && typing) {
            type(io);
            ctx.startTimer(Tick.KEYSTROKE, settings.interval(), Tick.KEYSTROKE);
        }
    }

    private void receive(Io io, Ipv4Packet packet) {
        if (!(packet.payload() instanceof TcpSegment segment)) {
            return;
        }
        if (connection != null && !connection.isClosed() && TcpFlow.ofReceived(packet, segment).equals(flow)) {
            connection.onSegment(io, segment);
        } else {
            io.reset(packet, segment); // no socket for it any more
        }
    }

    private void type(Io io) {
        byte[] keystroke = new byte[settings.keystrokeBytes()];
        ByteBuffer.wrap(keystroke).putLong(sent);
        io.ctx.record(new KeystrokeSent(sent));
        unechoed.add(io.ctx.now());
        sent++;
        connection.write(io, keystroke);
    }

    private void stopTyping(Context<Input> ctx) {
        typing = false;
        ctx.cancelTimer(Tick.KEYSTROKE);
    }

    private void echoed(Context<Input> ctx, byte[] data) {
        byte[] buffer = Arrays.copyOf(echo, echo.length + data.length);
        System.arraycopy(data, 0, buffer, echo.length, data.length);
        int size = settings.keystrokeBytes();
        int offset = 0;
        while (buffer.length - offset >= size) {
            long index = ByteBuffer.wrap(buffer, offset, size).getLong();
            if (index != echoed || unechoed.isEmpty()) {
                throw new IllegalStateException("echo of keystroke " + index + " where " + echoed + " was expected on "
                        + flow + ": the byte stream is corrupt");
            }
            long sentAt = unechoed.removeFirst();
            ctx.record(new KeystrokeEchoed(index, sentAt, ctx.now() - sentAt));
            echoed++;
            offset += size;
        }
        echo = Arrays.copyOfRange(buffer, offset, buffer.length);
    }

    /** The client's side of its connection during one event. */
    private final class Io extends TcpAppIo<Input> {

        Io(Context<Input> ctx) {
            super(ctx, namespace, TcpTimerFired::new, settings.tcp());
        }

        @Override
        public void established(TcpConnection c) {
            ctx.record(new SshConnected(flow, ctx.now() - connectAt));
            typing = true;
            if (settings.sessionLength() != VirtualTime.NEVER) {
                ctx.startTimer(Command.HANG_UP, settings.sessionLength(), Command.HANG_UP);
            }
            type(this);
            ctx.startTimer(Tick.KEYSTROKE, settings.interval(), Tick.KEYSTROKE);
        }

        @Override
        public void received(TcpConnection c, byte[] data) {
            echoed(ctx, data);
        }

        @Override
        public void peerClosed(TcpConnection c) {
            stopTyping(ctx); // the remote shell exited
            c.close(this);
        }

        @Override
        public void retransmitted(TcpConnection c, TcpRetransmitted retransmission) {
            ctx.record(retransmission);
        }

        @Override
        public void ended(TcpConnection c, TcpCloseReason reason) {
            stopTyping(ctx);
            ctx.cancelTimer(Command.HANG_UP);
            ctx.record(new SshConnectionEnded(flow, reason, sent, echoed));
        }
    }
}
