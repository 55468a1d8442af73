package io.kagami.net.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kagami.core.VirtualTime;
import org.junit.jupiter.api.Test;

class RtoEstimatorTest {
    private static long ms(double m) {
        return Math.round(m * VirtualTime.MILLISECOND);
    }

    @Test
    void startsAtOneSecondAndTakesTheFirstSampleAsRfc6298Says() {
        RtoEstimator e = new RtoEstimator(TcpSettings.LINUX);
        assertEquals(VirtualTime.SECOND, e.rto());
        e.sample(ms(100)); // SRTT 100, RTTVAR 50: 100 + max(200, 200)
        assertEquals(ms(100), e.srtt());
        assertEquals(ms(300), e.rto());
        e.sample(ms(200)); // RTTVAR from the old SRTT: (3*50 + 100)/4 = 62.5; SRTT (7*100 + 200)/8 = 112.5
        assertEquals(ms(112.5), e.srtt());
        assertEquals(ms(112.5 + 250), e.rto());
    }

    @Test
    void linuxFloorsTheVariationTermSoALanRtoIsSrttPlus200Ms() {
        RtoEstimator e = new RtoEstimator(TcpSettings.LINUX);
        for (int i = 0; i < 20; i++) {
            e.sample(ms(2));
        }
        assertEquals(ms(202), e.rto());
    }

    @Test
    void backoffDoublesUpToTcpRtoMaxAndASampleEndsIt() {
        RtoEstimator e = new RtoEstimator(TcpSettings.LINUX);
        e.sample(ms(2));
        for (int i = 0; i < 9; i++) {
            e.backoff();
        }
        assertEquals(ms(202 * 512), e.rto());
        e.backoff();
        assertEquals(120 * VirtualTime.SECOND, e.rto());
        e.sample(ms(2));
        assertEquals(ms(202), e.rto());
    }

    @Test
    void theHandshakeFallbackIsThreeSeconds() {
        RtoEstimator e = new RtoEstimator(TcpSettings.LINUX);
        e.backoff();
        e.backoff();
        e.fallback();
        assertEquals(3 * VirtualTime.SECOND, e.rto());
    }

    @Test
    void tcpRetries2GivesLinuxsHypotheticalTimeout() {
        assertEquals(ms(924_600), TcpSettings.LINUX.retries2Timeout()); // ip-sysctl: 924.6 seconds
        assertEquals(ms(3_000), TcpSettings.LINUX.withRetries2(3).retries2Timeout()); // 0.2 * (2^4 - 1)
        assertEquals(ms(204_600), TcpSettings.LINUX.withRetries2(9).retries2Timeout());
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpSettings.LINUX.withMss(0));
        assertEquals("mss 0 out of range 1..65495", e.getMessage());
    }
}
