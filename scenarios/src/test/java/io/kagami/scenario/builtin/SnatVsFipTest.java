package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.Sweep;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * snat-vs-fip: conntrack is not synced between network nodes (DOMAIN.md section 5), so a session
 * survives a failover only if the new master's NAT rewrites it as the old one did. Inbound to a
 * floating IP it does (DNAT to the fixed address keeps the ports); outbound through float-snat it
 * does only without --random-fully, which draws a new source port for the new conntrack entry.
 *
 * <p>The VMs of this scenario keep their floating IPs, so its outbound sessions leave with them; the
 * router's default SNAT (topology.no_floating_ip) is tested in ControlPlaneAndLinkFaultsTest.
 */
@ExtendWith(SharedKernel.class)
class SnatVsFipTest {
    private final Kernel kernel;

    SnatVsFipTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void inboundSessionsSurviveAndOutboundOnesThroughAFailedOverRouterBreak() throws Exception {
        Scenario scenario = Formulas.builtin("snat-vs-fip");
        assertTrue(scenario.topology().snatRandomFully());
        ScenarioResult r = Formulas.run(kernel, scenario);
        Formulas.assertPassed(r);
        for (SegmentResult s : r.segments()) {
            boolean failedOver = "network-8".equals(s.masterBefore());
            assertEquals(failedOver ? 1 : 0, s.flowsBroken(), s.toString());
            if (failedOver) {
                Formulas.assertCrashTakeover(ADVERT_INT, PRIORITY, s.takeoverNs(), s.router());
            }
        }

        // which one broke: each direction alone
        ScenarioResult inbound = Formulas.run(kernel, withProbes(scenario, "inbound"));
        ScenarioResult outbound = Formulas.run(kernel, withProbes(scenario, "outbound"));
        for (SegmentResult s : inbound.segments()) {
            assertEquals(0, s.flowsBroken(), "inbound: " + s);
        }
        for (SegmentResult s : outbound.segments()) {
            assertEquals("network-8".equals(s.masterBefore()) ? 1 : 0, s.flowsBroken(), "outbound: " + s);
        }
    }

    @Test
    void withoutRandomFullyFloatingIpSessionsSurviveBothWays() throws Exception {
        Scenario plain = Formulas.withAssertions(Sweep.apply(Formulas.builtin("snat-vs-fip"),
                Map.of("topology.snat_random_fully", false)), List.of("each flows_broken == 0"));
        ScenarioResult r = Formulas.run(kernel, plain);
        Formulas.assertPassed(r);
        assertEquals(2, r.distributions().get("takeover").count(), "router80 and router82 failed over");
    }

    private static Scenario withProbes(Scenario s, String direction) {
        List<Scenario.Probe> probes = s.probes().stream().filter(p -> direction.equals(p.direction())).toList();
        assertEquals(1, probes.size());
        return new Scenario(s.name(), s.description(), s.seed(), s.duration(), s.topology(), s.startup(), probes, s.faults(),
                List.of("each takeover <= 6.804788s"), s.sweep());
    }
}
