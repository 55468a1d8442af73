package io.kagami.net.neutron;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The L3 agent of one network node, as far as HA routers go (neutron/agent/l3/ha.py):
 * <ul>
 * <li>{@code enqueue_state_change}: one pending transition per router; only the first change of a
 *     burst starts a worker; a worker for "primary" first sleeps advert_int; when it wakes, it acts
 *     only if the pending state is still the one it was started for (backup -> primary -> backup
 *     is never reported);</li>
 * <li>acting (metadata proxy, radvd, IPv6 forwarding) takes a service time on a bounded pool of
 *     workers, so that a mass failover queues as it does in production;</li>
 * <li>the results go to neutron-server through a BatchNotifier: the first state is sent at once,
 *     then at most one {@code update_ha_routers_states} per advert_int, with the last state of
 *     each router;</li>
 * <li>{@code report_state} heartbeats every report_interval (30 s).</li>
 * </ul>
 * Left out: router creation and sync ({@code sync_routers}), namespaces and keepalived processes
 * (the topology makes them), prefix delegation, L3 extensions.
 */
public final class L3Agent implements Entity<L3Agent.Input> {

    /** What the agent reacts to. */
    public sealed interface Input permits StateChange, Process, ActOn, WorkDone, Tick {}

    /** From neutron-keepalived-state-change, over the agent's unix socket. */
    public record StateChange(String routerId, HaState state) implements Input {}

    /** The agent process starting, or stopping (killed, or its node powered off). */
    public enum Process implements Input { START, STOP }

    record ActOn(String routerId, HaState state) implements Input {}

    /** A transition acted on; {@code epoch} tells work of an earlier process (killed meanwhile) apart. */
    record WorkDone(String routerId, HaState state, int epoch) implements Input {}

    enum Tick implements Input { BATCH_WINDOW, REPORT_STATE }

    /**
     * @param host              the agent's host (the node name)
     * @param advertInterval    ha_vrrp_advert_int: the primary delay and the batch interval
     * @param workers           transitions acted on at once (Neutron's router pool is 32 green threads)
     * @param primaryWork       time to act on primary (start metadata proxy and radvd): an assumption
     * @param backupWork        time to act on backup (stop them): an assumption
     * @param reportInterval    report_interval of agent heartbeats (30 s)
     * @param server            neutron-server
     * @param rpcLatency        one-way RPC latency to neutron-server over the message bus
     */
    public record Config(String host, long advertInterval, int workers, long primaryWork, long backupWork,
                         long reportInterval, EntityRef<NeutronServer.Input> server, long rpcLatency) {
        public Config {
            if (workers < 1) {
                throw new IllegalArgumentException("the L3 agent needs at least 1 worker, got " + workers);
            }
        }
    }

    /** A line the agent logs (as neutron-l3-agent.log would). */
    public record Log(String line) {
        @Override
        public String toString() {
            return line;
        }
    }

    /** The agent's load after a change: transitions waiting for a worker, and busy workers. */
    public record Load(int queued, int busy) {}

    private final Config config;
    private boolean running;
    private int epoch;
    private final Map<String, HaState> transitionStates = new HashMap<>();
    private final ArrayDeque<ActOn> queue = new ArrayDeque<>();
    private int busy;
    private final Map<String, HaState> batch = new LinkedHashMap<>();
    private boolean batchWindowOpen;

    public L3Agent(Config config) {
        this.config = config;
    }

    @Override
    public void onMessage(Context<Input> ctx, Input input) {
        if (input instanceof Process p) {
            process(ctx, p);
        } else if (!running) {
            return; // a stopped agent hears nothing and its timers are gone
        } else if (input instanceof StateChange c) {
            enqueueStateChange(ctx, c);
        } else if (input instanceof ActOn a) {
            wake(ctx, a);
        } else if (input instanceof WorkDone d) {
            workDone(ctx, d);
        } else if (input == Tick.BATCH_WINDOW) {
            batchWindowOpen = false;
            notifyServer(ctx);
        } else {
            ctx.send(config.server(), new NeutronServer.Heartbeat(config.host()), config.rpcLatency());
            ctx.startTimer(Tick.REPORT_STATE, config.reportInterval(), Tick.REPORT_STATE);
        }
    }

    private void process(Context<Input> ctx, Process p) {
        if (p == Process.START && !running) {
            running = true;
            epoch++;
            ctx.send(config.server(), new NeutronServer.Heartbeat(config.host()), config.rpcLatency());
            ctx.startTimer(Tick.REPORT_STATE, config.reportInterval(), Tick.REPORT_STATE);
        } else if (p == Process.STOP && running) {
            running = false;
            ctx.cancelTimer(Tick.REPORT_STATE);
            ctx.cancelTimer(Tick.BATCH_WINDOW);
            transitionStates.clear();
            queue.clear();
            batch.clear();
            busy = 0;
            batchWindowOpen = false;
        }
    }

    private void enqueueStateChange(Context<Input> ctx, StateChange c) {
        ctx.record(new Log("Router " + c.routerId() + " transitioned to " + c.state().name().toLowerCase()
                + " on agent " + config.host()));
        if (transitionStates.put(c.routerId(), c.state()) != null) {
            return; // a worker is already pending for this router: it will see the newest state
        }
        ActOn act = new ActOn(c.routerId(), c.state());
        if (c.state() == HaState.PRIMARY) {
            ctx.startTimer(act, config.advertInterval(), act);
        } else {
            wake(ctx, act);
        }
    }

    private void wake(Context<Input> ctx, ActOn a) {
        HaState current = transitionStates.remove(a.routerId());
        if (current != a.state()) {
            return; // it flipped back meanwhile: nothing to report
        }
        if (busy < config.workers()) {
            startWork(ctx, a);
        } else {
            queue.add(a);
        }
        ctx.record(new Load(queue.size(), busy));
    }

    private void startWork(Context<Input> ctx, ActOn a) {
        busy++;
        long work = a.state() == HaState.PRIMARY ? config.primaryWork() : config.backupWork();
        ctx.send(ctx.self(), new WorkDone(a.routerId(), a.state(), epoch), work);
    }

    private void workDone(Context<Input> ctx, WorkDone d) {
        if (d.epoch() != epoch) {
            return; // its worker died with an earlier process
        }
        busy--;
        batch.remove(d.routerId());
        batch.put(d.routerId(), d.state());
        if (!queue.isEmpty()) {
            startWork(ctx, queue.poll());
        }
        ctx.record(new Load(queue.size(), busy));
        if (!batchWindowOpen) {
            notifyServer(ctx);
        }
    }

    /** BatchNotifier: send what is pending, then hold further events for one batch interval. */
    private void notifyServer(Context<Input> ctx) {
        if (batch.isEmpty()) {
            return;
        }
        ctx.send(config.server(), new NeutronServer.UpdateHaRoutersStates(config.host(),
                Collections.unmodifiableMap(new TreeMap<>(batch))), config.rpcLatency());
        batch.clear();
        batchWindowOpen = true;
        ctx.startTimer(Tick.BATCH_WINDOW, config.advertInterval(), Tick.BATCH_WINDOW);
    }
}
