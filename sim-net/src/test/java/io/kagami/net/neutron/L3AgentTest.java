package io.kagami.net.neutron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.EntityRef;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.neutron.L3Agent.Process;
import io.kagami.net.neutron.L3Agent.StateChange;
import io.kagami.net.neutron.NeutronServer.AgentRow;
import io.kagami.net.neutron.NeutronServer.HaStateStored;
import io.kagami.net.neutron.NeutronServer.PortBindingMoved;
import io.kagami.net.neutron.NeutronServer.ServerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The L3 agent's HA transitions and neutron-server's view of them (DOMAIN.md section 2). */
@ExtendWith(SharedKernel.class)
class L3AgentTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MS = VirtualTime.MILLISECOND;
    private static final long RPC = MS;
    private final Kernel kernel;

    L3AgentTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** A controller and one network node's agent, with state changes injected at times. */
    private static final class Cloud {
        final Model.Builder m = Model.builder();
        final EntityRef<NeutronServer.Input> server;
        final EntityRef<L3Agent.Input> agent;

        Cloud(int workers, List<String> routers) {
            Map<String, List<String>> hosts = new java.util.HashMap<>();
            routers.forEach(r -> hosts.put(r, List.of("network-7", "network-8")));
            server = m.add("controller-1/neutron-server", "controller-1", () -> new NeutronServer(hosts));
            EntityRef<NeutronServer.Input> s = server;
            agent = m.add("network-7/neutron-l3-agent", "network-7", () -> new L3Agent(new L3Agent.Config(
                    "network-7", 2 * S, workers, 100 * MS, 50 * MS, 30 * S, s, RPC)));
            m.lookahead("controller-1", "network-7", RPC);
            m.inject(0, agent, Process.START);
        }

        Cloud change(long at, String router, HaState state) {
            m.inject(at, agent, new StateChange(router, state));
            return this;
        }
    }

    private RunResult run(Cloud c, long until) {
        return kernel.run(c.m.build(), RunOptions.defaults().withPartitions(2).withUntil(until));
    }

    private static List<Observation> of(RunResult r, Class<?> type) {
        return r.observations().stream().filter(o -> type.isInstance(o.value())).toList();
    }

    @Test
    void primaryIsActedOnAfterAdvertIntAndReportedAtOnce() {
        RunResult r = run(new Cloud(32, List.of("r1")).change(10 * S, "r1", HaState.PRIMARY), 60 * S);
        // sleep advert_int (2 s), work 100 ms, first batch sent at once, 1 ms RPC
        assertEquals(List.of(new Observation(12 * S + 100 * MS + RPC, "controller-1/neutron-server",
                        new HaStateStored("r1", "network-7", HaState.PRIMARY))),
                of(r, HaStateStored.class));
        assertEquals(1, of(r, PortBindingMoved.class).size());
    }

    @Test
    void backupToPrimaryToBackupWithinAdvertIntIsNeverReported() {
        RunResult r = run(new Cloud(32, List.of("r1")).change(10 * S, "r1", HaState.PRIMARY)
                .change(11 * S, "r1", HaState.BACKUP), 60 * S);
        assertEquals(List.of(), of(r, HaStateStored.class));
        assertEquals(2, of(r, L3Agent.Log.class).size(), "both transitions are logged");
    }

    @Test
    void aBurstOfStateChangesIsBatchedOncePerAdvertInt() {
        List<String> routers = new ArrayList<>();
        Cloud c = new Cloud(32, routers);
        for (int i = 0; i < 10; i++) {
            routers.add("r" + i);
            c.change(10 * S + i * 300 * MS, "r" + i, HaState.BACKUP);
        }
        RunResult r = run(c, 60 * S);
        List<Long> times = of(r, HaStateStored.class).stream().map(Observation::time).distinct().toList();
        // first at 10.05 s + RPC; then one batch per 2 s window while more work completes
        assertEquals(10 * S + 50 * MS + RPC, times.get(0));
        for (int i = 1; i < times.size(); i++) {
            assertEquals(2 * S, times.get(i) - times.get(i - 1), "batches are advert_int apart: " + times);
        }
        assertEquals(10, of(r, HaStateStored.class).size());
    }

    @Test
    void aMassFailoverQueuesOnTheWorkerPool() {
        List<String> routers = new ArrayList<>();
        Cloud c = new Cloud(2, routers);
        for (int i = 0; i < 6; i++) {
            routers.add("r" + i);
            c.change(10 * S, "r" + i, HaState.PRIMARY);
        }
        RunResult r = run(c, 60 * S);
        int maxQueued = of(r, L3Agent.Load.class).stream().mapToInt(o -> ((L3Agent.Load) o.value()).queued())
                .max().orElseThrow();
        assertEquals(4, maxQueued, "6 transitions on 2 workers");
        // three rounds of 100 ms: the last router is done at 12.3 s
        long lastDone = of(r, L3Agent.Load.class).stream().mapToLong(Observation::time).max().orElseThrow();
        assertEquals(12 * S + 300 * MS, lastDone);
    }

    @Test
    void aKilledAgentReportsNothingAndIsDeadAfterAgentDownTime() {
        Cloud c = new Cloud(32, List.of("r1")).change(10 * S, "r1", HaState.PRIMARY);
        c.m.inject(20 * S, c.agent, Process.STOP).inject(21 * S, c.agent, new StateChange("r1", HaState.BACKUP));
        c.m.inject(40 * S, c.server, NeutronServer.Snapshot.INSTANCE)
                .inject(120 * S, c.server, NeutronServer.Snapshot.INSTANCE);
        RunResult r = run(c, 200 * S);
        assertEquals(1, of(r, HaStateStored.class).size(), "the backup change after the kill is lost");
        List<Observation> snaps = of(r, ServerSnapshot.class);
        AgentRow at40 = ((ServerSnapshot) snaps.get(0).value()).routers().get("r1").get(0);
        AgentRow at120 = ((ServerSnapshot) snaps.get(1).value()).routers().get("r1").get(0);
        assertEquals(new AgentRow("network-7", true, "active"), at40);
        // last heartbeat at 0 + 30 s... the agent was killed at 20 s, so the last one was at 0 s -> dead at 75 s;
        // network-8 never reported either, so every agent is dead: unknown
        assertEquals(new AgentRow("network-7", false, "unknown"), at120);
        assertTrue(r.observations().stream().noneMatch(o -> o.time() > 20 * S && o.value() instanceof L3Agent.Load));
    }
}
