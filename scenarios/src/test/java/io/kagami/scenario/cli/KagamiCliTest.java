package io.kagami.scenario.cli;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line as a user meets it: output, exit status and messages for bad input. */
class KagamiCliTest {

    @Test
    void runWithNoArgumentsRunsTheSeedFailover() throws Exception {
        KagamiRun o = kagami("run");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("seed deployment failover: 8 servers, 3 HA routers"), o.out());
        assertTrue(o.out().contains("30s            network-8  FAULT: crash (power off)"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("router81") && l.contains("not affected")), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("router80") && l.contains("network-7 after 5.609474083s")
                && l.contains(" ok)")), o.out());
        JsonNode j = new ObjectMapper().readTree(kagami("run", "--json").out());
        assertEquals("network-8", j.at("/fault/node").asText());
        for (JsonNode r : j.at("/routers")) {
            assertFalse(r.at("/ssh_session_broken").asBoolean(), r.toString());
            if (r.at("/affected").asBoolean()) {
                assertTrue(r.at("/takeover/within_bounds").asBoolean(), r.toString());
                // the SSH session resumes at its first retransmission after the takeover
                assertTrue(r.at("/ssh_outage_ns").asLong() > r.at("/takeover/after_fault_ns").asLong(), r.toString());
            }
        }
    }

    @Test
    void theSeedFailoverIsTheSameOnOneAndTwoPartitions() {
        KagamiRun one = kagami("run", "--json");
        KagamiRun two = kagami("run", "--json", "--partitions", "2");
        assertEquals(0, two.status(), two.err());
        assertEquals(one.out(), two.out());
    }

    @Test
    void pairOnlyOptionsAndUnknownScenariosAreRefused() {
        KagamiRun o = kagami("run", "--priorities", "100,50");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("--priorities applies to keepalived-pair only"), o.err());
        KagamiRun u = kagami("run", "seed-crash");
        assertEquals(2, u.status());
        assertTrue(u.err().contains("unknown scenario 'seed-crash'"), u.err());
    }

    @Test
    void thePairDrillPrintsTheElectionAndTheTakeover() {
        KagamiRun o = kagami("run", "keepalived-pair");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("6.804687s    network-8  (VR_1) Entering MASTER STATE"), o.out());
        assertTrue(o.out().contains("initial master  network-8 since 6.804687s"), o.out());
        assertTrue(o.out().contains("takeover        network-7 master at 35.609574s: 5.609574s after the fault"),
                o.out());
        assertTrue(o.out().contains("(within)"), o.out());
        assertEquals("", o.err());
    }

    @Test
    void pairJsonIsMachineReadableAndTheSameForAnyPartitioning() throws Exception {
        KagamiRun one = kagami("run", "keepalived-pair", "--json");
        KagamiRun two = kagami("run", "keepalived-pair", "--json", "--partitions", "2");
        assertEquals(0, one.status(), one.err());
        JsonNode j = new ObjectMapper().readTree(one.out());
        assertEquals("network-8", j.at("/initial_master/node").asText());
        assertEquals(6_804_687_000L, j.at("/initial_master/since_ns").asLong());
        assertEquals(5_609_574_000L, j.at("/takeover/after_fault_ns").asLong());
        assertTrue(j.at("/takeover/within_bounds").asBoolean());
        assertEquals(one.out(), two.out());
    }

    @Test
    void v3WithAShortIntervalAndUnequalPriorities() throws Exception {
        KagamiRun o = kagami("run", "keepalived-pair", "--json", "--vrrp-version", "3", "--advert-int", "500ms",
                "--priorities", "100,50",
                "--fault-at", "10s", "--until", "20s");
        assertEquals(0, o.status(), o.err());
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertEquals("network-7", j.at("/initial_master/node").asText(), "priority 100 has the shorter skew");
        // v3 skew for priority 100 at 50 cs: (156 * 50 * 625 / 16) us = 304687 us
        assertEquals(1_500_000_000L + 304_687_000L, j.at("/initial_master/since_ns").asLong());
        assertTrue(j.at("/takeover/within_bounds").asBoolean());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--advert-int|1.5s|whole number of seconds",
        "--advert-int|0s|whole number of seconds",
        "--advert-int|2 seconds|not a duration",
        "--priorities|300,50|priority must be 1..255",
        "--priorities|50|takes two values",
        "--vrrp-version|4|VRRP version must be 2 or 3",
        "--fault|reboot|Invalid value for option '--fault'",
        "--fault-at|3s|no master yet",
        "--fault-at|90s|must end after the fault",
        "--partitions|0|--partitions must be at least 1",
        "--latency|0s|latency > 0"})
    void badInputGetsOneClearMessageAndStatusTwo(String option, String value, String message) {
        KagamiRun o = kagami("run", "keepalived-pair", option, value);
        assertEquals(2, o.status(), o.out() + o.err());
        assertTrue(o.err().contains(message), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertEquals("", o.out(), "nothing half-written on stdout");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--advert-int|1.5s|whole number of seconds",
        "--fault-at|3s|must start before the fault",
        "--until|20s|must end after the fault",
        "--vrrp-version|4|VRRP version must be 2 or 3"})
    void badInputToTheSeedDrillGetsOneClearMessageAndStatusTwo(String option, String value, String message) {
        KagamiRun o = kagami("run", option, value);
        assertEquals(2, o.status(), o.out() + o.err());
        assertTrue(o.err().contains(message), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertEquals("", o.out(), "nothing half-written on stdout");
    }

    @Test
    void aFaultBeforeTheElectionSettlesIsRefused() {
        KagamiRun o = kagami("run", "--advert-int", "5s", "--fault-at", "12s");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("has no single master yet"), o.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        KagamiRun o = kagami("run", "--advert", "2s");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("Unknown option: '--advert'"), o.err());
        assertTrue(o.err().contains("--advert-int"), "suggests the closest option: " + o.err());
    }

    @Test
    void helpExplainsTheVerbAndItsDefaults() {
        KagamiRun o = kagami("run", "--help");
        assertEquals(0, o.status());
        assertTrue(o.out().contains("--fault-at=TIME"), o.out());
        assertTrue(o.out().contains("Neutron"), o.out());
        KagamiRun top = kagami("--help");
        assertTrue(top.out().contains("run") && top.out().contains("Exit status"), top.out());
    }
}
