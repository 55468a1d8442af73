package io.kagami.net.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start-up as {@link CloudSpec.Startup} says: keepalived starts in BACKUP (init) and waits a full
 * Master_Down_Interval (DOMAIN.md section 3), so the instance started first wins the first
 * election whatever the addresses; with everything at 0 the higher ha- address wins.
 */
@ExtendWith(SharedKernel.class)
class StartupTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MS = VirtualTime.MILLISECOND;
    /** 3 x 2 s + (256 - 50) / 256 s, as keepalived computes it (microseconds). */
    private static final long MASTER_DOWN = 6 * S + 804_687_000L;
    private final Kernel kernel;

    StartupTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private RunResult run(CloudSpec spec, Cloud[] built, long until) {
        built[0] = Cloud.build(spec);
        return kernel.run(built[0].model(), RunOptions.defaults().withPartitions(2).withUntil(until));
    }

    /** "time node" of every entry of {@code router}'s instances into MASTER, sorted (ties by node name). */
    private static List<String> masters(Cloud cloud, RunResult r, String router) {
        Map<String, String> nodeOf = new HashMap<>();
        cloud.routers().stream().filter(ri -> ri.segment().router().equals(router))
                .forEach(ri -> nodeOf.put(ri.device().ref().name() + "/keepalived", ri.node()));
        List<String> out = new ArrayList<>();
        for (Observation o : r.observations()) {
            if (o.value() instanceof VrrpTransition t && t.state() == VrrpState.MASTER && nodeOf.containsKey(o.entity())) {
                out.add(VirtualTime.format(o.time()) + " " + nodeOf.get(o.entity()));
            }
        }
        return out.stream().sorted().toList();
    }

    private static CloudSpec.Startup startup(Map<String, Long> powerUp, long ovs, long l3, long keepalived,
                                             long stagger) {
        return new CloudSpec.Startup(powerUp, ovs, l3, keepalived, stagger);
    }

    @Test
    void allAtZeroBothBecomeMasterAndTheHigherHaAddressStays() {
        Cloud[] c = new Cloud[1];
        RunResult r = run(CloudSpec.seed(), c, 20 * S);
        String at = VirtualTime.format(MASTER_DOWN);
        assertEquals(List.of(at + " network-7", at + " network-8"), masters(c[0], r, "router80"));
    }

    @Test
    void aNodePoweredUpLaterFindsItsPeerMasterAndStaysBackup() {
        Cloud[] c = new Cloud[1];
        // network-8 (the higher ha- addresses) comes up only 100 ms later: its keepalived is still in
        // BACKUP (init) when network-7's first advert arrives, and nopreempt keeps it backup
        RunResult r = run(CloudSpec.seed().withStartup(startup(Map.of("network-8", 100 * MS), 0, 0, 0, 0)), c, 30 * S);
        for (String router : List.of("router80", "router81", "router82")) {
            assertEquals(List.of(VirtualTime.format(MASTER_DOWN) + " network-7"), masters(c[0], r, router), router);
        }
    }

    @Test
    void theL3AgentSpawnsItsKeepalivedsStaggeredInRouterOrder() {
        Cloud[] c = new Cloud[1];
        // L3 agent at 1 s, first keepalived 500 ms after it, each next one 2 s later: router k at 1.5 + 2k s
        RunResult r = run(CloudSpec.seed().withStartup(startup(Map.of(), 0, S, 500 * MS, 2 * S)), c, 30 * S);
        for (int k = 0; k < 3; k++) {
            String at = VirtualTime.format(1500 * MS + k * 2 * S + MASTER_DOWN);
            assertEquals(List.of(at + " network-7", at + " network-8"), masters(c[0], r, "router8" + k));
        }
        // the same stagger with network-7 powered up 1 s late: router k starts on network-8 first
        r = run(CloudSpec.seed().withStartup(startup(Map.of("network-7", S), 0, S, 500 * MS, 2 * S)), c, 30 * S);
        for (int k = 0; k < 3; k++) {
            assertEquals(List.of(VirtualTime.format(1500 * MS + k * 2 * S + MASTER_DOWN) + " network-8"),
                    masters(c[0], r, "router8" + k));
        }
    }

    @Test
    void keepalivedBeforeTheOvsAgentAtStartUpIsTheRebootDoubleMaster() {
        Cloud[] c = new Cloud[1];
        // the OVS agent wires the ha- ports only at 20 s: until then neither instance hears the other
        RunResult r = run(CloudSpec.seed().withStartup(startup(Map.of(), 20 * S, 0, 0, 0)), c, 40 * S);
        List<String> masters = masters(c[0], r, "router80");
        String at = VirtualTime.format(MASTER_DOWN);
        assertEquals(List.of(at + " network-7", at + " network-8"), masters);
        // network-7 yields only once adverts pass, after 20 s
        long yielded = r.observations().stream().filter(o -> o.value() instanceof VrrpTransition t
                && t.state() == VrrpState.BACKUP && !t.init() && o.entity().startsWith("network-7/")
                && o.entity().contains(c[0].routers().get(0).routerId())).mapToLong(Observation::time)
                .findFirst().orElseThrow();
        assertTrue(yielded >= 20 * S && yielded < 23 * S, VirtualTime.format(yielded));
    }

    @Test
    void startUpTimesAreCheckedByName() {
        CloudSpec seed = CloudSpec.seed();
        assertEquals("startup.nodes.network-9: unknown server 'network-9'", assertThrows(IllegalArgumentException.class,
                () -> seed.withStartup(startup(Map.of("network-9", S), 0, 0, 0, 0))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> seed.withStartup(startup(Map.of("controller-1", S), 0, 0, 0, 0))).getMessage()
                .startsWith("startup.nodes.controller-1: a controller is up from 0"));
        assertEquals("startup.stagger: must be 0 or more, got -1", assertThrows(IllegalArgumentException.class,
                () -> startup(Map.of(), 0, 0, 0, -1)).getMessage());
    }
}
