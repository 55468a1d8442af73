package io.kagami.net.neutron;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import java.util.ArrayDeque;
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
 *
 * <p>The message bus in front of it. The agents' RPCs ({@code report_state},
 * {@code update_ha_routers_states}) reach the server through RabbitMQ (oslo.messaging): each goes to
 * a topic queue the server consumes, and RabbitMQ keeps it there, in order, while no consumer takes
 * it. Two faults act on that path:
 * <ul>
 * <li>{@link Available}: neutron-server stops processing (hung, its workers blocked on the database,
 *     or cut from the broker) and later resumes. The RPCs that arrive meanwhile are held, as the
 *     broker holds them in the queue, and are processed in the order they came when it resumes; so
 *     are the heartbeats, so no agent is declared dead by the outage itself (a heartbeat is stamped
 *     with the time the server processes it, as create_or_update_agent stamps the server's clock).
 *     While it is down, a {@link Snapshot} (the API, which is down too) shows what it showed when
 *     it went down. What this models is the behaviour of a <em>cast</em>: report_state is a cast
 *     after the agent's first report (PluginReportStateAPI, use_call), and newer Neutron casts
 *     update_ha_routers_states. Left out: older Neutron (the seed's era) <em>calls</em>
 *     update_ha_routers_states, and oslo.messaging publishes a call with an expiration equal to its
 *     timeout (rpc_response_timeout, 60 s), so after 60 s in the queue RabbitMQ drops it and the
 *     agent gets a MessagingTimeout (what the agent does then, retries included, is not modelled);
 *     a server <em>restart</em> rather than a stall, after which report_state messages older than
 *     the server's start time are skipped as stale (agents_db.AgentExtRpcCallback.report_state);
 *     queue length limits, and the loss of the queues if RabbitMQ itself restarts without
 *     amqp_durable_queues.</li>
 * <li>{@link SetRpcDelay}: every RPC that reaches the server is processed that much later, in the
 *     order it came (a slow broker, a congested controller). The delay is added here rather than
 *     by the senders because the one-way RPC latency is the kernel's lookahead between the nodes'
 *     groups and the controller's (it cannot go below it), because the bus is shared by every
 *     agent, and so that the order of the queue is kept when the delay goes back down.</li>
 * </ul>
 */
public final class NeutronServer implements Entity<NeutronServer.Input> {

    /** What neutron-server receives. */
    public sealed interface Input permits UpdateHaRoutersStates, Heartbeat, Snapshot, Available, SetRpcDelay, Due {}

    /** The L3 agent's batched RPC: router id to state, for one host. */
    public record UpdateHaRoutersStates(String host, Map<String, HaState> states) implements Input {}

    /** An agent's {@code report_state}. */
    public record Heartbeat(String host) implements Input {}

    /** Asks the server to record a {@link ServerSnapshot} of what the API would show now. */
    public enum Snapshot implements Input { INSTANCE }

    /**
     * neutron-server stops processing ({@code false}) or resumes ({@code true}); RPCs arriving while
     * it is down wait in the message bus and are processed, in order, when it resumes.
     */
    public record Available(boolean available) implements Input {}

    /** Every RPC reaching the server from now on is processed {@code delay} ns later (0: at once). */
    public record SetRpcDelay(long delay) implements Input {
        public SetRpcDelay {
            if (delay < 0) {
                throw new IllegalArgumentException("RPC delay must be >= 0 ns, got " + delay);
            }
        }
    }

    /** The timer of the first waiting RPC. */
    enum Due implements Input { INSTANCE }

    /** neutron-server stopped ({@code available} false) or resumed, with the RPCs waiting for it then. */
    public record AvailabilityChanged(boolean available, int heldRpcs) {}

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
    private boolean available = true;
    private long downSince;
    private long rpcDelay;
    /** RPCs waiting in the bus: for their delay, or for the server to come back; in arrival order. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long lastDue = Long.MIN_VALUE;

    private record Waiting(long due, Input rpc) {}

    /** @param routerHosts for every router, the hosts of its L3 agents (its HA ports), in order */
    public NeutronServer(Map<String, List<String>> routerHosts) {
        this.routerHosts = Map.copyOf(routerHosts);
    }

    @Override
    public void onMessage(Context<Input> ctx, Input input) {
        if (input instanceof Heartbeat || input instanceof UpdateHaRoutersStates) {
            arrive(ctx, input);
        } else if (input instanceof Available a) {
            setAvailable(ctx, a.available());
        } else if (input instanceof SetRpcDelay d) {
            rpcDelay = d.delay();
        } else if (input == Due.INSTANCE) {
            drain(ctx);
        } else {
            ctx.record(snapshot(available ? ctx.now() : downSince));
        }
    }

    /** An RPC reaches the server: processed at once, or queued behind what waits, keeping the order. */
    private void arrive(Context<Input> ctx, Input rpc) {
        if (available && rpcDelay == 0 && waiting.isEmpty()) {
            process(ctx, rpc);
            return;
        }
        long due = Math.max(ctx.now() + rpcDelay, lastDue);
        lastDue = due;
        waiting.add(new Waiting(due, rpc));
        if (available && waiting.size() == 1) {
            ctx.startTimer(Due.INSTANCE, due - ctx.now(), Due.INSTANCE);
        }
    }

    private void setAvailable(Context<Input> ctx, boolean up) {
        if (up == available) {
            return;
        }
        available = up;
        if (!up) {
            downSince = ctx.now();
            ctx.cancelTimer(Due.INSTANCE);
            ctx.record(new AvailabilityChanged(false, 0));
            return;
        }
        ctx.record(new AvailabilityChanged(true, waiting.size()));
        drain(ctx);
    }

    /** Processes, in order, the waiting RPCs that are due; waits for the next one. */
    private void drain(Context<Input> ctx) {
        if (!available) {
            return;
        }
        while (!waiting.isEmpty() && waiting.peek().due() <= ctx.now()) {
            process(ctx, waiting.poll().rpc());
        }
        if (!waiting.isEmpty()) {
            ctx.startTimer(Due.INSTANCE, waiting.peek().due() - ctx.now(), Due.INSTANCE);
        }
    }

    private void process(Context<Input> ctx, Input input) {
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
