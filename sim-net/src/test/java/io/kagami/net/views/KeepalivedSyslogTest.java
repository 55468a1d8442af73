package io.kagami.net.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Observation;
import io.kagami.core.VirtualTime;
import io.kagami.net.keepalived.KeepalivedLog;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepalivedSyslogTest {
    private static final long S = VirtualTime.SECOND;

    @Test
    void virtualTimeZeroIsTheSeedsDateAndTheClockShowsWholeSeconds() {
        assertEquals("Nov 15 00:00:00", KeepalivedSyslog.timestamp(0));
        assertEquals("Nov 15 00:00:06", KeepalivedSyslog.timestamp(6_804_687_500L));
        assertEquals("Nov 15 00:00:06", KeepalivedSyslog.timestamp(7 * S - 1));
        assertEquals("Nov 16 01:01:01", KeepalivedSyslog.timestamp(25 * 3600 * S + 61 * S + 999_999_999L));
    }

    @Test
    void aSingleDigitDayIsPaddedWithASpaceAsSyslogDoes() {
        assertEquals("Dec  1 00:00:00", KeepalivedSyslog.timestamp(16 * 86_400 * S));
    }

    @Test
    void linesOfStateChangesAndOtherMessagesInOrder() {
        List<Observation> obs = List.of(
                new Observation(0, "x", new VrrpTransition("VR_1", VrrpState.BACKUP, true)),
                new Observation(3 * S, "x", "not keepalived's"),
                new Observation(6_804_687_500L, "x", new KeepalivedLog("(VR_1) something")),
                new Observation(6_804_687_500L, "x", new VrrpTransition("VR_1", VrrpState.MASTER, false)));
        assertEquals("""
                Nov 15 00:00:00 network-7 Keepalived_vrrp[4242]: (VR_1) Entering BACKUP STATE (init)
                Nov 15 00:00:06 network-7 Keepalived_vrrp[4242]: (VR_1) something
                Nov 15 00:00:06 network-7 Keepalived_vrrp[4242]: (VR_1) Entering MASTER STATE
                """, KeepalivedSyslog.format("network-7", 4242, obs));
    }

    @Test
    void pidsAreStableOrdinaryAndDifferBetweenProcesses() {
        int p = KeepalivedSyslog.pid("network-7", "r1");
        assertEquals(p, KeepalivedSyslog.pid("network-7", "r1"));
        assertTrue(p >= 1000 && p < 32_768, Integer.toString(p));
        assertNotEquals(p, KeepalivedSyslog.pid("network-8", "r1"));
        assertNotEquals(p, KeepalivedSyslog.pid("network-7", "r2"));
    }
}
