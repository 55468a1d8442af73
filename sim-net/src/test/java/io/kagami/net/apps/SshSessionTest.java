package io.kagami.net.apps;

import static io.kagami.net.apps.Lab.of;
import static io.kagami.net.apps.Lab.t;
import static io.kagami.net.apps.Lab.times;
import static io.kagami.net.apps.Lab.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An SSH client and server across the fake network: set-up, echo, outages, resets, close. */
@ExtendWith(SharedKernel.class)
class SshSessionTest {
    /** One way, so a round trip is 2 ms, and Linux's RTO after a few samples is 2 ms + TCP_RTO_MIN = 202 ms. */
    private static final long LATENCY = VirtualTime.millis(1);

    private final Kernel kernel;

    SshSessionTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private static Lab sshLab() {
        Lab lab = new Lab(LATENCY);
        lab.server("sshd", SshServer.Settings.defaults());
        lab.client("ssh", Lab.SERVER, SshClient.Settings.defaults());
        return lab;
    }

    /** The client's flow's segments as they entered the network: time, direction and segment. */
    private static List<String> wire(RunResult r, int clientPort, long until) {
        List<String> lines = new ArrayList<>();
        for (Observation o : of(r, "net", FakeNetwork.Carried.class)) {
            Ipv4Packet p = ((FakeNetwork.Carried) o.value()).packet();
            if (o.time() <= until && p.payload() instanceof TcpSegment s
                    && (s.srcPort() == clientPort || s.dstPort() == clientPort)) {
                lines.add(VirtualTime.format(o.time()) + " " + (s.srcPort() == clientPort ? "c>s" : "s>c") + " " + s);
            }
        }
        return lines;
    }

    @Test
    void theHandshakeAndEachEchoTakeOneRoundTrip() {
        Lab lab = sshLab();
        lab.client("ssh2", Lab.SERVER, SshClient.Settings.defaults().withSourcePort(40000).withStartAt(t("0.5s")));
        RunResult r = lab.run(kernel, t("5.5s"));

        assertEquals(List.of(t("2ms")), times(r, "ssh", SshConnected.class));
        assertEquals(t("2ms"), values(r, "ssh", SshConnected.class).get(0).setupTime());
        assertEquals("10.0.80.5:32768-192.168.80.10:22", values(r, "ssh", SshConnected.class).get(0).flow().toString());
        assertEquals(LongStream.range(0, 6).mapToObj(k -> t("0.002s") + k * VirtualTime.SECOND).toList(),
                times(r, "ssh", KeystrokeSent.class));
        assertEquals(LongStream.range(0, 6).mapToObj(k -> t("0.004s") + k * VirtualTime.SECOND).toList(),
                times(r, "ssh", KeystrokeEchoed.class));
        List<KeystrokeEchoed> echoes = values(r, "ssh", KeystrokeEchoed.class);
        for (int k = 0; k < echoes.size(); k++) {
            assertEquals(new KeystrokeEchoed(k, t("0.002s") + k * VirtualTime.SECOND, t("2ms")), echoes.get(k));
        }
        // The server takes any number of connections: the second client, half a second later, is echoed too.
        assertEquals(List.of(t("3ms"), t("0.503s")), times(r, "sshd", SshSessionAccepted.class));
        assertEquals(5, values(r, "ssh2", KeystrokeEchoed.class).size());
        assertTrue(of(r, "ssh", TcpRetransmitted.class).isEmpty());
        assertTrue(of(r, "sshd", TcpRetransmitted.class).isEmpty());
        assertTrue(of(r, "net", FakeNetwork.Dropped.class).isEmpty());

        // On the wire: SYN, SYN-ACK, the first keystroke carrying the handshake's last ACK, its echo, an ACK.
        List<String> wire = wire(r, 32768, t("4ms"));
        assertEquals(5, wire.size(), String.join("\n", wire));
        long c = seqOf(wire.get(0));
        long s = seqOf(wire.get(1));
        assertEquals(List.of(
                "0s c>s TCP 32768 > 22 [SYN] seq=" + c + " ack=0 win=65535 len=0",
                "0.001s s>c TCP 22 > 32768 [SYN, ACK] seq=" + s + " ack=" + (c + 1) + " win=65535 len=0",
                "0.002s c>s TCP 32768 > 22 [PSH, ACK] seq=" + (c + 1) + " ack=" + (s + 1) + " win=65535 len=36",
                "0.003s s>c TCP 22 > 32768 [PSH, ACK] seq=" + (s + 1) + " ack=" + (c + 37) + " win=65535 len=36",
                "0.004s c>s TCP 32768 > 22 [ACK] seq=" + (c + 37) + " ack=" + (s + 37) + " win=65535 len=0"),
                wire);
    }

    private static long seqOf(String wireLine) {
        return Long.parseLong(wireLine.replaceAll(".* seq=(\\d+) .*", "$1"));
    }

    @Test
    void aFiveSecondOutageIsBridgedByRetransmissionsThatBackOffExponentially() {
        Lab lab = sshLab();
        lab.net.outage(t("10.5s"), t("15.5s"));
        RunResult r = lab.run(kernel, t("20.5s"));

        // Keystroke 11 (typed at 11.002) is lost; RTO 202 ms, doubling: 11.204, 11.608, 12.416, 14.032 are lost
        // too; 17.264 gets through.
        List<TcpRetransmitted> retransmissions = values(r, "ssh", TcpRetransmitted.class);
        assertEquals(List.of(t("11.204s"), t("11.608s"), t("12.416s"), t("14.032s"), t("17.264s")),
                times(r, "ssh", TcpRetransmitted.class));
        assertEquals(List.of(t("0.404s"), t("0.808s"), t("1.616s"), t("3.232s"), t("6.464s")),
                retransmissions.stream().map(TcpRetransmitted::rto).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), retransmissions.stream().map(TcpRetransmitted::attempt).toList());
        assertTrue(retransmissions.stream().allMatch(x -> x.segment().equals("data")
                && x.seq() == retransmissions.get(0).seq()), retransmissions::toString);

        // The session resumes: 11's echo at 17.266, then the keystrokes held meanwhile in one segment, then normal.
        List<Observation> echoes = of(r, "ssh", KeystrokeEchoed.class);
        assertEquals(new KeystrokeEchoed(11, t("11.002s"), t("6.264s")), echoes.get(11).value());
        assertEquals(t("17.266s"), echoes.get(11).time());
        for (int k = 12; k <= 17; k++) {
            assertEquals(t("17.268s"), echoes.get(k).time(), "keystroke " + k);
        }
        assertEquals(new KeystrokeEchoed(18, t("18.002s"), t("2ms")), echoes.get(18).value());
        assertEquals(21, echoes.size());
        assertTrue(of(r, "ssh", SshConnectionEnded.class).isEmpty());

        Outage outage = Outage.around(r.observations(), "ssh", t("10.5s"));
        assertEquals(new Outage(t("10.004s"), t("17.266s")), outage);
        assertEquals(t("7.262s"), outage.duration());
        assertEquals(outage, Outage.longestGap(r.observations(), "ssh"));
    }

    @Test
    void aResetFromTheMiddleOfTheSessionEndsItWithEconnreset() {
        Lab lab = sshLab();
        lab.net.resets(t("20.5s"), VirtualTime.NEVER); // the path now answers every segment with a RST
        RunResult r = lab.run(kernel, t("30s"));

        // Keystroke 21 typed at 21.002 reaches the far side at 21.003, whose RST is back at 21.004.
        assertEquals(List.of(t("21.004s")), times(r, "ssh", SshConnectionEnded.class));
        SshConnectionEnded end = values(r, "ssh", SshConnectionEnded.class).get(0);
        assertEquals(TcpCloseReason.RESET, end.reason());
        assertEquals("ECONNRESET", end.reason().errno());
        assertEquals(22, end.keystrokesSent());
        assertEquals(21, end.keystrokesEchoed());
        assertTrue(end.broken());
        assertEquals(22, values(r, "ssh", KeystrokeSent.class).size(), "none after the reset");
        assertFalse(Outage.around(r.observations(), "ssh", t("20.5s")).recovered());
        assertTrue(of(r, "ssh", TcpRetransmitted.class).isEmpty());
    }

    @Test
    void aSynToAClosedPortIsRefused() {
        Lab lab = new Lab(LATENCY);
        lab.client("ssh", Lab.CLOSED_HOST, SshClient.Settings.defaults());
        RunResult r = lab.run(kernel, t("10s"));

        assertEquals(List.of(t("2ms")), times(r, "ssh", SshConnectionEnded.class));
        assertEquals(TcpCloseReason.REFUSED, values(r, "ssh", SshConnectionEnded.class).get(0).reason());
        assertTrue(of(r, "ssh", SshConnected.class).isEmpty());
        assertTrue(of(r, "ssh", TcpRetransmitted.class).isEmpty());
    }

    @Test
    void anUnansweredSynIsRetriedSixTimesThenConnectTimesOutAt127Seconds() {
        Lab lab = new Lab(LATENCY);
        lab.client("ssh", Lab.BLACK_HOLE, SshClient.Settings.defaults());
        RunResult r = lab.run(kernel, t("300s"));

        assertEquals(List.of(t("1s"), t("3s"), t("7s"), t("15s"), t("31s"), t("63s")),
                times(r, "ssh", TcpRetransmitted.class));
        List<TcpRetransmitted> retransmissions = values(r, "ssh", TcpRetransmitted.class);
        assertEquals(List.of(t("2s"), t("4s"), t("8s"), t("16s"), t("32s"), t("64s")),
                retransmissions.stream().map(TcpRetransmitted::rto).toList());
        assertTrue(retransmissions.stream().allMatch(x -> x.segment().equals("SYN")));
        assertEquals(List.of(t("127s")), times(r, "ssh", SshConnectionEnded.class));
        assertEquals(TcpCloseReason.TIMED_OUT, values(r, "ssh", SshConnectionEnded.class).get(0).reason());
        assertTrue(of(r, "ssh", SshConnected.class).isEmpty());
    }

    @Test
    void aLostSynAckIsRecoveredByTheSynRetransmission() {
        Lab lab = sshLab();
        lab.net.outage(t("0.5ms"), t("1.5ms")); // the SYN-ACK, sent at 1 ms
        RunResult r = lab.run(kernel, t("3.5s"));

        assertEquals(List.of(t("1s")), times(r, "ssh", TcpRetransmitted.class));
        assertEquals(t("1.002s"), values(r, "ssh", SshConnected.class).get(0).setupTime());
        assertEquals(t("1.004s"), times(r, "ssh", KeystrokeEchoed.class).get(0));
        assertEquals(3, values(r, "ssh", KeystrokeEchoed.class).size());
    }

    @Test
    void anOutageThatNeverEndsTimesTheConnectionOutAfterTcpRetries2() {
        Lab lab = sshLab();
        lab.net.outage(t("5.5s"), VirtualTime.NEVER);
        RunResult r = lab.run(kernel, t("1000s"));

        // Keystroke 6 goes at 6.002 and is never acknowledged. RTOs 0.202 s doubling to 103.424 s, then 120 s
        // (TCP_RTO_MAX): expiries at 6.002 + 0.202, 0.606, ..., 206.646, 326.646, ..., 806.646 are 15
        // retransmissions; the next, at 926.646 s after 6.002, is past 924.6 s: ETIMEDOUT.
        List<Long> times = times(r, "ssh", TcpRetransmitted.class);
        assertEquals(15, times.size());
        assertEquals(t("6.204s"), times.get(0));
        assertEquals(t("212.648s"), times.get(9));
        assertEquals(t("812.648s"), times.get(14));
        assertEquals(List.of(t("932.648s")), times(r, "ssh", SshConnectionEnded.class));
        assertEquals(TcpCloseReason.TIMED_OUT, values(r, "ssh", SshConnectionEnded.class).get(0).reason());
        assertEquals(6, values(r, "ssh", KeystrokeEchoed.class).size());
    }

    @Test
    void hangingUpClosesBothSidesWithFins() {
        Lab lab = new Lab(LATENCY);
        lab.server("sshd", SshServer.Settings.defaults());
        lab.client("ssh", Lab.SERVER, SshClient.Settings.defaults().withSessionLength(t("3.5s")));
        RunResult r = lab.run(kernel, t("100s"));

        // FIN at 3.502; the server's shell exits: its FIN-ACK at 3.503; the client's last ACK at 3.504.
        assertEquals(List.of(t("3.504s")), times(r, "ssh", SshConnectionEnded.class));
        assertEquals(new SshConnectionEnded(values(r, "ssh", SshConnected.class).get(0).flow(), TcpCloseReason.CLOSED,
                4, 4), values(r, "ssh", SshConnectionEnded.class).get(0));
        assertFalse(values(r, "ssh", SshConnectionEnded.class).get(0).broken());
        assertEquals(List.of(t("3.505s")), times(r, "sshd", SshSessionEnded.class));
        assertEquals(TcpCloseReason.CLOSED, values(r, "sshd", SshSessionEnded.class).get(0).reason());
        assertEquals(4 * 36, values(r, "sshd", SshSessionEnded.class).get(0).echoed());
        List<String> wire = wire(r, 32768, t("100s"));
        assertEquals(3, wire.stream().filter(l -> l.contains("FIN") || l.startsWith("3.504s")).count(),
                String.join("\n", wire));
        assertTrue(wire.get(wire.size() - 1).startsWith("3.504s c>s TCP 32768 > 22 [ACK]"), wire::toString);
    }
}
