package io.kagami.net.views;

import io.kagami.core.Observation;
import io.kagami.net.keepalived.KeepalivedLog;
import io.kagami.net.keepalived.VrrpTransition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * keepalived's lines as {@code grep Keepalived_vrrp /var/log/syslog} shows them on a network node,
 * in rsyslog's traditional file format (the default of the seed's Ubuntu 14.04, and what
 * {@code journalctl} prints too):
 * <pre>Nov 15 00:00:06 network-8 Keepalived_vrrp[21731]: (VR_1) Entering MASTER STATE</pre>
 * The wall clock is made from virtual time: time 0 is {@link #EPOCH}, 2016-11-15T00:00:00Z, the date
 * of the seed's blog post, in UTC; the traditional format shows whole seconds (the fraction is cut, as
 * syslog does). The process id is fake but stable: derived from the node and the router, in the range
 * of ordinary Linux pids. The messages are keepalived 2.x's ({@link VrrpTransition}, {@link
 * KeepalivedLog}). Left out: the parent process's lines ({@code Keepalived[PID]: Starting ...}), the
 * configuration and netlink chatter keepalived logs at start-up, and rsyslog's high-precision format.
 */
public final class KeepalivedSyslog {
    /** The wall-clock time of virtual time 0. */
    public static final Instant EPOCH = Instant.parse("2016-11-15T00:00:00Z");
    private static final DateTimeFormatter TRADITIONAL = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final int FIRST_PID = 1000;
    private static final int PIDS = 31_000;

    private KeepalivedSyslog() {}

    /** The log of one keepalived process: its observations' lines, in the order given, each with its newline. */
    public static String format(String host, int pid, List<Observation> observations) {
        StringBuilder out = new StringBuilder();
        for (Observation o : observations) {
            if (o.value() instanceof VrrpTransition || o.value() instanceof KeepalivedLog) {
                out.append(line(o.time(), host, pid, o.value().toString())).append('\n');
            }
        }
        return out.toString();
    }

    /** One line: timestamp, host, {@code Keepalived_vrrp[pid]:} and the message. */
    public static String line(long time, String host, int pid, String message) {
        return timestamp(time) + " " + host + " Keepalived_vrrp[" + pid + "]: " + message;
    }

    /** {@code Nov 15 00:00:06}: the wall clock of virtual time {@code time}, to the second. */
    public static String timestamp(long time) {
        return TRADITIONAL.format(wallClock(time));
    }

    public static Instant wallClock(long time) {
        return EPOCH.plusNanos(time);
    }

    /** The pid of the VRRP process of router {@code routerId}'s keepalived on {@code host}. */
    public static int pid(String host, String routerId) {
        UUID u = UUID.nameUUIDFromBytes(("keepalived " + host + " " + routerId).getBytes(StandardCharsets.UTF_8));
        return FIRST_PID + (int) Math.floorMod(u.getLeastSignificantBits(), (long) PIDS);
    }
}
