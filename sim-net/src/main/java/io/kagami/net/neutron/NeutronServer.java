package io.kagami.net.neutron;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * neutron-server as far as L3 HA goes: it stores each router's HA state per agent from
 * {@code update_ha_routers_states}, moves the binding of the router's ports (qr-, qg-, gateway)
 * to the agent that reports active (neutron/db/l3_hamode_db.py), and tracks agent liveness from
 * heartbeats: an agent is dead after agent_down_time (75 s) without one; a dead agent's active
 * state reads standby while another agent is active, and with all the router's agents dead the
 * state is unknown. Left out: the database,
 * the API, l2pop, scheduling.
 */
public final class NeutronServer implements Entity<NeutronServer.Input> {

    /** What neutron-server receives. */
    public sealed interface Input permits UpdateHaRoutersStates, Heartbeat, Snapshot {}

    /** The L3 agent's batched RPC: router id to state, for one host. */
    public record UpdateHaRoutersStates(String host, Map<String, HaState> states) implements Input {}

    /** An agent's {@code report_state}. */
    public record Heartbeat(String host) implements Input {}

    /** Asks the server to record a {@link ServerSnapshot} of what the API would show now. */
    public enum Snapshot implements Input { INSTANCE }

    /** neutron-server has stored a state reported by an agent. */
    public record HaStateStored(String routerId, String host, HaState state) {}

    /** The router's ports are now bound to {@code host}: where traffic for its addresses should go. */
    public record PortBindingMoved(String routerId, String host) {}

    /** One agent as {@code openstack network agent list --router R --long} shows it. */
    public record AgentRow(String host, boolean alive, String haState) {}

    /** What the API shows at a moment: per router, its agents. */
    public record ServerSnapshot(Map<String, List<AgentRow>> routers) {}

    /** agent_down_time: an agent with no heartbeat for this long is dead (neutron.conf default). */
    public static final long AGENT_DOWN_TIME = 75_000_000_000L;

    private final Map<String, List<String>> routerHosts;
    private final Map<String, Map<String, HaState>> states = new HashMap<>();
    private final Map<String, String> bindings = new HashMap<>();
    private final Map<String, Long> lastHeartbeat = new HashMap<>();

    /** @param routerHosts for every router, the hosts of its L3 agents (its HA ports), in order */
    public NeutronServer(Map<String, List<String>> routerHosts) {
        this.routerHosts = Map.copyOf(routerHosts);
    }

    @Override
    public void onMessage(Context<Input> ctx, Input input) {
        if (input instanceof Heartbeat h) {
            lastHeartbeat.put(h.host(), ctx.now());
        } else if (input instanceof UpdateHaRoutersStates u) {
            for (var e : new TreeMap<>(u.states()).entrySet()) {
                states.computeIfAbsent(e.getKey(), r -> new HashMap<>()).put(u.host(), e.getValue());
                ctx.record(new HaStateStored(e.getKey(), u.host(), e.getValue()));
                if (e.getValue() == HaState.PRIMARY && !u.host().equals(bindings.put(e.getKey(), u.host()))) {
                    ctx.record(new PortBindingMoved(e.getKey(), u.host()));
                }
            }
        } else {
            ctx.record(snapshot(ctx.now()));
        }
    }

    private ServerSnapshot snapshot(long now) {
        Map<String, List<AgentRow>> rows = new TreeMap<>();
        for (var r : new TreeMap<>(routerHosts).entrySet()) {
            List<String> hosts = r.getValue();
            boolean anyAlive = hosts.stream().anyMatch(h -> alive(h, now));
            Map<String, HaState> reported = states.getOrDefault(r.getKey(), Map.of());
            long active = hosts.stream().filter(h -> reported.get(h) == HaState.PRIMARY).count();
            rows.put(r.getKey(), hosts.stream().map(h -> {
                boolean alive = alive(h, now);
                HaState s = reported.getOrDefault(h, HaState.BACKUP);
                // get_l3_bindings_hosting_router_with_ha_states: a dead agent's "active" reads standby
                // only while another agent is active too; with every agent dead the state is unknown.
                String shown = !anyAlive ? "unknown"
                        : !alive && s == HaState.PRIMARY && active > 1 ? HaState.BACKUP.serverName()
                        : s.serverName();
                return new AgentRow(h, alive, shown);
            }).toList());
        }
        return new ServerSnapshot(rows);
    }

    private boolean alive(String host, long now) {
        Long seen = lastHeartbeat.get(host);
        return seen != null && now - seen <= AGENT_DOWN_TIME;
    }
}
