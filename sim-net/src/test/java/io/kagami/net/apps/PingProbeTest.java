package io.kagami.net.apps;

import static io.kagami.net.apps.Lab.t;
import static io.kagami.net.apps.Lab.times;
import static io.kagami.net.apps.Lab.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKernel.class)
class PingProbeTest {
    private static final long LATENCY = VirtualTime.millis(1);

    private final Kernel kernel;

    PingProbeTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void countsAnsweredAndLostRequestsAndMeasuresTheOutageAcrossAGap() {
        Lab lab = new Lab(LATENCY);
        lab.ping("ping", Lab.SERVER, PingProbe.Settings.defaults());
        lab.net.outage(t("10.5s"), t("15.5s"));
        RunResult r = lab.run(kernel, t("29.5s"));

        // Requests at 0..29 s, sequence numbers 1..30; those sent at 11..15 s (12..16) fall in the outage.
        List<PingReply> replies = values(r, "ping", PingReply.class);
        assertEquals(25, replies.size());
        assertEquals(IntStream.concat(IntStream.rangeClosed(1, 11), IntStream.rangeClosed(17, 30)).boxed().toList(),
                replies.stream().map(PingReply::seq).toList());
        assertTrue(replies.stream().allMatch(p -> p.rtt() == t("2ms") && p.sentAt() == (p.seq() - 1) * VirtualTime.SECOND));
        assertEquals(List.of(new PingLost(12, t("11s")), new PingLost(13, t("12s")), new PingLost(14, t("13s")),
                new PingLost(15, t("14s")), new PingLost(16, t("15s"))), values(r, "ping", PingLost.class));
        assertEquals(LongStream.rangeClosed(12, 16).mapToObj(s -> s * VirtualTime.SECOND).toList(),
                times(r, "ping", PingLost.class), "a loss is known at its timeout, 1 s after the request");

        Outage outage = Outage.around(r.observations(), "ping", t("10.5s"));
        assertEquals(new Outage(t("10.002s"), t("16.002s")), outage);
        assertEquals(t("6s"), outage.duration());
        assertEquals(outage, Outage.longestGap(r.observations(), "ping"));
    }

    @Test
    void aReplyLostOnItsWayBackIsALoss() {
        Lab lab = new Lab(LATENCY);
        lab.ping("ping", Lab.SERVER, PingProbe.Settings.defaults().withStopAt(t("8s")));
        lab.net.outage(t("5.0005s"), t("5.0015s")); // the request at 5 s gets there; its reply, at 5.001 s, does not
        RunResult r = lab.run(kernel, t("20s"));

        assertEquals(List.of(new PingLost(6, t("5s"))), values(r, "ping", PingLost.class));
        assertEquals(8, values(r, "ping", PingReply.class).size(), "requests at 0..8 s, the last at stopAt");
    }

    @Test
    void aTimeoutShorterThanTheRoundTripLosesEveryRequest() {
        Lab lab = new Lab(LATENCY);
        lab.ping("ping", Lab.SERVER, PingProbe.Settings.defaults().withTimeout(t("1.5ms")).withStopAt(t("4s")));
        RunResult r = lab.run(kernel, t("10s"));

        assertEquals(5, values(r, "ping", PingLost.class).size());
        assertTrue(values(r, "ping", PingReply.class).isEmpty(), "a late reply is not counted");
        assertFalse(Outage.around(r.observations(), "ping", 0).recovered());
    }
}
