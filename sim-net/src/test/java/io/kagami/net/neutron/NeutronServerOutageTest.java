package io.kagami.net.neutron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import io.kagami.net.neutron.NeutronServer.Available;
import io.kagami.net.neutron.NeutronServer.AvailabilityChanged;
import io.kagami.net.neutron.NeutronServer.HaStateStored;
import io.kagami.net.neutron.NeutronServer.PortBindingMoved;
import io.kagami.net.neutron.NeutronServer.ServerSnapshot;
import io.kagami.net.neutron.NeutronServer.SetRpcDelay;
import io.kagami.net.neutron.NeutronServer.UpdateHaRoutersStates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * neutron-server behind its message bus: an outage holds the agents' RPCs (heartbeats included)
 * and processes them in order when it ends; an RPC delay processes each one later, in order.
 */
@ExtendWith(SharedKernel.class)
class NeutronServerOutageTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MS = VirtualTime.MILLISECOND;
    private static final long RPC = MS;
    private final Kernel kernel;

    NeutronServerOutageTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** neutron-server and the L3 agents of network-7 and network-8, hosting router r1. */
    private static final class Controller {
        final Model.Builder m = Model.builder();
        final EntityRef<NeutronServer.Input> server;
        final EntityRef<L3Agent.Input> agent7;
        final EntityRef<L3Agent.Input> agent8;

        Controller() {
            server = m.add("controller-1/neutron-server", "controller-1",
                    () -> new NeutronServer(Map.of("r1", List.of("network-7", "network-8"))));
            agent7 = agent("network-7");
            agent8 = agent("network-8");
        }

        private EntityRef<L3Agent.Input> agent(String host) {
            EntityRef<NeutronServer.Input> s = server;
            EntityRef<L3Agent.Input> a = m.add(host + "/neutron-l3-agent", host, () -> new L3Agent(
                    new L3Agent.Config(host, 2 * S, 32, 100 * MS, 50 * MS, 30 * S, s, RPC)));
            m.lookahead("controller-1", host, RPC);
            m.inject(0, a, Process.START);
            return a;
        }

        Controller server(long at, NeutronServer.Input input) {
            m.inject(at, server, input);
            return this;
        }
    }

    private RunResult run(Controller c, long until) {
        return kernel.run(c.m.build(), RunOptions.defaults().withPartitions(2).withUntil(until));
    }

    private static List<Observation> of(RunResult r, Class<?> type) {
        return r.observations().stream().filter(o -> type.isInstance(o.value())).toList();
    }

    private static ServerSnapshot snapshotAt(RunResult r, long t) {
        return (ServerSnapshot) of(r, ServerSnapshot.class).stream().filter(o -> o.time() == t).findFirst()
                .orElseThrow().value();
    }

    @Test
    void rpcsSentDuringAnOutageAreProcessedInOrderWhenItEnds() {
        Controller c = new Controller().server(10 * S, new Available(false)).server(50 * S, new Available(true));
        // r1 goes primary on network-7 (reported at 12.1 s + RPC), then network-7 loses it to network-8
        c.m.inject(10 * S, c.agent7, new StateChange("r1", HaState.PRIMARY))
                .inject(20 * S, c.agent7, new StateChange("r1", HaState.BACKUP))
                .inject(21 * S, c.agent8, new StateChange("r1", HaState.PRIMARY));
        RunResult r = run(c, 60 * S);
        List<Observation> stored = of(r, HaStateStored.class);
        assertEquals(List.of(
                new Observation(50 * S, "controller-1/neutron-server", new HaStateStored("r1", "network-7", HaState.PRIMARY)),
                new Observation(50 * S, "controller-1/neutron-server", new HaStateStored("r1", "network-7", HaState.BACKUP)),
                new Observation(50 * S, "controller-1/neutron-server", new HaStateStored("r1", "network-8", HaState.PRIMARY))),
                stored, "held by the bus, processed in the order sent, at the recovery");
        assertEquals(List.of("network-7", "network-8"), of(r, PortBindingMoved.class).stream()
                .map(o -> ((PortBindingMoved) o.value()).host()).toList());
        List<Observation> changes = of(r, AvailabilityChanged.class);
        assertEquals(new AvailabilityChanged(false, 0), changes.get(0).value());
        // three state updates and two heartbeats each (30 s) were waiting
        assertEquals(new AvailabilityChanged(true, 5), changes.get(1).value());
    }

    @Test
    void withoutAnOutageTheSameRpcsAreProcessedOneRpcLatencyAfterTheyAreSent() {
        Controller c = new Controller();
        c.m.inject(10 * S, c.agent7, new StateChange("r1", HaState.PRIMARY));
        RunResult r = run(c, 60 * S);
        assertEquals(List.of(12 * S + 100 * MS + RPC), of(r, HaStateStored.class).stream().map(Observation::time)
                .toList());
        assertEquals(List.of(), of(r, AvailabilityChanged.class));
    }

    @Test
    void heartbeatsAreHeldTooSoNoAgentIsDeadBecauseOfTheOutage() {
        // down from 10 s to 110 s: longer than agent_down_time (75 s) after the last heartbeats it processed (0 s)
        Controller c = new Controller().server(10 * S, new Available(false)).server(110 * S, new Available(true))
                .server(100 * S, NeutronServer.Snapshot.INSTANCE)
                .server(110 * S + MS, NeutronServer.Snapshot.INSTANCE)
                .server(170 * S, NeutronServer.Snapshot.INSTANCE)
                .server(190 * S, NeutronServer.Snapshot.INSTANCE);
        c.m.inject(50 * S, c.agent8, Process.STOP);
        RunResult r = run(c, 200 * S);
        // while it is down, the API shows what it showed when it went down
        assertEquals(List.of(new AgentRow("network-7", true, "standby"), new AgentRow("network-8", true, "standby")),
                snapshotAt(r, 100 * S).routers().get("r1"));
        // at the recovery both agents' held heartbeats (network-8's of 30 s too) are processed at 110 s
        assertEquals(List.of(new AgentRow("network-7", true, "standby"), new AgentRow("network-8", true, "standby")),
                snapshotAt(r, 110 * S + MS).routers().get("r1"));
        // network-8 was killed at 50 s: its last heartbeat, processed at 110 s, is 60 s old at 170 s, alive still;
        // network-7 kept reporting
        assertEquals(List.of(new AgentRow("network-7", true, "standby"), new AgentRow("network-8", true, "standby")),
                snapshotAt(r, 170 * S).routers().get("r1"));
        // a really dead agent is still found: 75 s after its last heartbeat was processed
        assertEquals(List.of(new AgentRow("network-7", true, "standby"), new AgentRow("network-8", false, "standby")),
                snapshotAt(r, 190 * S).routers().get("r1"));
        assertEquals(new AvailabilityChanged(true, 4), of(r, AvailabilityChanged.class).get(1).value(),
                "the heartbeats of 30, 60 and 90 s from network-7 and of 30 s from network-8 were held");
    }

    @Test
    void anOutageThatNeverEndsProcessesNothingMore() {
        Controller c = new Controller().server(10 * S, new Available(false));
        c.m.inject(10 * S, c.agent7, new StateChange("r1", HaState.PRIMARY));
        RunResult r = run(c, 100 * S);
        assertEquals(List.of(), of(r, HaStateStored.class));
    }

    @Test
    void anRpcDelayProcessesEveryRpcThatMuchLaterInOrder() {
        Controller c = new Controller().server(5 * S, new SetRpcDelay(3 * S)).server(40 * S, new SetRpcDelay(0));
        c.m.inject(10 * S, c.agent7, new StateChange("r1", HaState.PRIMARY));
        // sent at 12.1 s + RPC... and after the delay is lifted, a direct update must not overtake a held one
        c.server(38 * S, new UpdateHaRoutersStates("network-8", Map.of("r1", HaState.PRIMARY)));
        c.server(40 * S + MS, new UpdateHaRoutersStates("network-7", Map.of("r1", HaState.BACKUP)));
        RunResult r = run(c, 60 * S);
        List<Observation> stored = of(r, HaStateStored.class);
        assertEquals(List.of(12 * S + 100 * MS + RPC + 3 * S, 41 * S, 41 * S), stored.stream().map(Observation::time)
                .toList());
        assertEquals(List.of("network-7", "network-8", "network-7"), stored.stream()
                .map(o -> ((HaStateStored) o.value()).host()).toList());
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SetRpcDelay(-1));
    }
}
