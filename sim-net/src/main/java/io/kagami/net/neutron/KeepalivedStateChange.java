package io.kagami.net.neutron;

import io.kagami.core.Context;
import io.kagami.core.EntityRef;
import io.kagami.core.Entity;
import io.kagami.net.netns.AddressEvent;
import io.kagami.net.packet.Ipv4Address;

/**
 * neutron-keepalived-state-change for one router on one node: it runs {@code ip -o monitor
 * address} in the router's namespace and reports the router as primary when the primary VIP
 * appears on ha-, backup when it goes (neutron/agent/l3/keepalived_state_change.py), to the local
 * L3 agent over its unix socket (no delay). Left out: the state file, the initial-state read at
 * start (it starts with the router's namespace, before keepalived has added anything).
 */
public final class KeepalivedStateChange implements Entity<AddressEvent> {
    private final String routerId;
    private final String haInterface;
    private final Ipv4Address vip;
    private final EntityRef<L3Agent.Input> agent;
    private HaState reported;

    public KeepalivedStateChange(String routerId, String haInterface, Ipv4Address vip, EntityRef<L3Agent.Input> agent) {
        this.routerId = routerId;
        this.haInterface = haInterface;
        this.vip = vip;
        this.agent = agent;
    }

    @Override
    public void onMessage(Context<AddressEvent> ctx, AddressEvent event) {
        if (!event.interfaceName().equals(haInterface) || !event.address().equals(vip)) {
            return;
        }
        HaState state = event.added() ? HaState.PRIMARY : HaState.BACKUP;
        if (state != reported) {
            reported = state;
            ctx.send(agent, new L3Agent.StateChange(routerId, state), 0);
        }
    }
}
