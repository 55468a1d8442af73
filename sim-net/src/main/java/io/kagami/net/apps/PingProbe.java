package io.kagami.net.apps;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.core.VirtualTime;
import io.kagami.net.netns.IpDelivered;
import io.kagami.net.netns.SendPacket;
import io.kagami.net.netns.Socket;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.wire.DeviceInput;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ping -i interval -W timeout target}: an ICMP echo request every {@code interval}, with the
 * probe's identifier (drawn from its random stream, as ping uses its process id) and sequence numbers
 * from 1 (as iputils), wrapping at 65535. It records a {@link PingReply} for each reply that arrives
 * within {@code timeout} of its request and a {@link PingLost} for each that does not; {@link Outage}
 * turns the replies into an outage. A reply after its timeout is ignored (iputils would still print
 * it), so every request is counted exactly once. Left out: ICMP errors (unreachable, time exceeded),
 * duplicate detection, the payload's timestamp and pattern (the data is zeros).
 *
 * <p>The topology registers {@link #socket} in the namespace and puts the probe in the namespace's
 * group: it sends its packets to the namespace with no delay.
 */
public final class PingProbe implements Entity<PingProbe.Input> {

    /** What the probe reacts to. */
    public sealed interface Input permits Delivered, Tick, Deadline {}

    /** A packet the namespace delivered to the probe's socket. */
    public record Delivered(IpDelivered delivered) implements Input {}

    private enum Tick implements Input { SEND }

    /** The timeout of request {@code seq}: also its timer's key. */
    private record Deadline(int seq) implements Input {}

    /**
     * @param startAt   when the first request goes
     * @param interval  between requests ({@code ping -i}, 1 s by default)
     * @param timeout   how long a request waits for its reply ({@code ping -W})
     * @param stopAt    no request goes after this time; {@link VirtualTime#NEVER} for never
     * @param dataBytes the data of each request ({@code ping -s}, 56 by default)
     * @param ttl       the requests' TTL (64, Linux's ip_default_ttl)
     */
    public record Settings(long startAt, long interval, long timeout, long stopAt, int dataBytes, int ttl) {
        public Settings {
            if (startAt < 0) {
                throw new IllegalArgumentException("startAt must be >= 0, got " + startAt);
            }
            if (interval <= 0) {
                throw new IllegalArgumentException("interval must be > 0, got " + interval);
            }
            if (timeout <= 0) {
                throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
            }
            if (dataBytes < 0 || dataBytes > IcmpEcho.MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("dataBytes " + dataBytes + " out of range 0.."
                        + IcmpEcho.MAX_DATA_LENGTH);
            }
            if (ttl < 1 || ttl > 255) {
                throw new IllegalArgumentException("ttl " + ttl + " out of range 1..255");
            }
        }

        /** ping's defaults: from time 0, every second, 56 bytes; a 1 s timeout; forever. */
        public static Settings defaults() {
            return new Settings(0, VirtualTime.SECOND, VirtualTime.SECOND, VirtualTime.NEVER, 56, 64);
        }

        public Settings withStartAt(long t) {
            return new Settings(t, interval, timeout, stopAt, dataBytes, ttl);
        }

        public Settings withInterval(long i) {
            return new Settings(startAt, i, timeout, stopAt, dataBytes, ttl);
        }

        public Settings withTimeout(long t) {
            return new Settings(startAt, interval, t, stopAt, dataBytes, ttl);
        }

        public Settings withStopAt(long t) {
            return new Settings(startAt, interval, timeout, t, dataBytes, ttl);
        }
    }

    private final EntityRef<DeviceInput> namespace;
    private final Ipv4Address local;
    private final Ipv4Address target;
    private final Settings settings;
    private final byte[] data;

    private int id;
    private int nextSeq = 1;
    /** Requests waiting for their reply: sequence number to the time sent. */
    private final Map<Integer, Long> waiting = new HashMap<>();

    public PingProbe(EntityRef<DeviceInput> namespace, Ipv4Address local, Ipv4Address target, Settings settings) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.local = Objects.requireNonNull(local, "local");
        this.target = Objects.requireNonNull(target, "target");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.data = new byte[settings.dataBytes()];
    }

    /**
     * The socket to register in the namespace: every ICMP packet (the probe keeps the replies with its
     * identifier from its target).
     */
    public static Socket<Input> socket(EntityRef<Input> probe) {
        return new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, probe, Delivered::new);
    }

    @Override
    public void onStart(Context<Input> ctx) {
        id = ctx.random().nextInt(0x10000);
        if (settings.startAt() <= settings.stopAt()) {
            ctx.startTimer(Tick.SEND, settings.startAt(), Tick.SEND);
        }
    }

    @Override
    public void onMessage(Context<Input> ctx, Input input) {
        if (input == Tick.SEND) {
            send(ctx);
        } else if (input instanceof Deadline d) {
            Long sentAt = waiting.remove(d.seq());
            if (sentAt != null) {
                ctx.record(new PingLost(d.seq(), sentAt));
            }
        } else if (input instanceof Delivered d) {
            Ipv4Packet packet = d.delivered().packet();
            if (packet.payload() instanceof IcmpEcho echo && !echo.isRequest() && echo.id() == id
                    && packet.src().equals(target)) {
                Long sentAt = waiting.remove(echo.seq());
                if (sentAt != null) {
                    ctx.cancelTimer(new Deadline(echo.seq()));
                    ctx.record(new PingReply(echo.seq(), sentAt, ctx.now() - sentAt));
                }
            }
        }
    }

    private void send(Context<Input> ctx) {
        int seq = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        Long previous = waiting.put(seq, ctx.now());
        if (previous != null) {
            ctx.record(new PingLost(seq, previous)); // a whole wrap of the sequence space within the timeout
        }
        ctx.send(namespace, new SendPacket(Ipv4Packet.of(local, target, settings.ttl(),
                IcmpEcho.request(id, seq, data)), null), 0);
        ctx.startTimer(new Deadline(seq), settings.timeout(), new Deadline(seq));
        long next = VirtualTime.plus(ctx.now(), settings.interval());
        if (next <= settings.stopAt()) {
            ctx.startTimer(Tick.SEND, settings.interval(), Tick.SEND);
        }
    }
}
