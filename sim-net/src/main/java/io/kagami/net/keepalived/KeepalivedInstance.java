package io.kagami.net.keepalived;

import io.kagami.core.Digestible;
import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.VrrpAdvertisement;

/**
 * One keepalived {@code vrrp_instance} on one node, with keepalived's rules rather than only the
 * RFC's ({@code keepalived/vrrp/vrrp.c}, DOMAIN.md section 3):
 * <ul>
 * <li>start-up in "BACKUP (init)", waiting a full Master_Down_Interval;</li>
 * <li>BACKUP: a priority-0 advert shortens the down timer to Skew_Time; with nopreempt, or from a
 *     priority at least ours, an advert resets the down timer (v3 adopts the master's interval);
 *     a preempting backup ignores a lower-priority master and takes over;</li>
 * <li>MASTER: adverts every advert_int; a priority-0 advert is answered at once; a lower priority,
 *     or an equal one from a lower address, is answered at once ("forcing new election") with a
 *     burst of gratuitous ARPs (garp_lower_prio_repeat); a higher
 *     priority, or an equal one from a higher address, sends us to BACKUP. nopreempt has no effect;</li>
 * <li>SIGTERM: a MASTER sends a priority-0 advert; SIGKILL and power-off send nothing;</li>
 * <li>track_interface down: FAULT (a MASTER sends priority 0 first); up again: BACKUP;</li>
 * <li>entering MASTER: an advert, the virtual addresses and routes, then garp_master_repeat
 *     gratuitous ARPs per address back to back and a second burst after garp_master_delay;
 *     leaving MASTER removes the addresses.</li>
 * </ul>
 * Left out: v2 authentication, sync groups, track scripts, notify scripts (Neutron uses
 * neutron-keepalived-state-change, which watches the addresses instead). Adverts leave through the
 * {@link VrrpHost} as IPv4 packets (protocol 112, to 224.0.0.18, TTL 255, from the interface's
 * address); what arrives is checked as keepalived does (TTL 255, version, VRID, and for v2 the
 * advert interval).
 */
public final class KeepalivedInstance implements Entity<KeepalivedInstance.Input> {

    /** What a keepalived instance reacts to. */
    public sealed interface Input permits Received, Signal, TrackedInterface, Timer {}

    /** A packet that arrived on the instance's interface. */
    public record Received(Ipv4Packet packet) implements Input, Digestible {

        @Override
        public int traceHash() {
            return packet.hashCode();
        }
    }

    /** What happens to the keepalived process: started, SIGTERM, or SIGKILL (also: node power-off). */
    public enum Signal implements Input { START, SIGTERM, SIGKILL }

    /** The tracked interface (the ha- port) going down or up. */
    public enum TrackedInterface implements Input { DOWN, UP }

    enum Timer implements Input { ADVERT, MASTER_DOWN, GARP_REFRESH }

    private final VrrpConfig config;
    private final VrrpHost host;
    private VrrpState state = VrrpState.STOPPED;
    private long masterAdverInt;
    /**
     * The advert last sent. Only its priority can differ from one advert to the next (0 when
     * resigning), so the same immutable packet goes out every advert_int, and is hashed once.
     */
    private Ipv4Packet lastAdvert;

    public KeepalivedInstance(VrrpConfig config, VrrpHost host) {
        this.config = config;
        this.host = host;
        this.masterAdverInt = config.advertInterval();
    }

    @Override
    public void onMessage(Context<Input> ctx, Input input) {
        if (input instanceof Received r) {
            receive(ctx, r.packet());
        } else if (input instanceof Signal s) {
            signal(ctx, s);
        } else if (input instanceof TrackedInterface t) {
            trackedInterface(ctx, t);
        } else {
            timer(ctx, (Timer) input);
        }
    }

    private void signal(Context<Input> ctx, Signal s) {
        switch (s) {
            case START -> {
                if (state == VrrpState.STOPPED) {
                    masterAdverInt = config.advertInterval();
                    enterBackup(ctx, true, config.masterDownInterval(masterAdverInt));
                }
            }
            case SIGTERM -> {
                if (state == VrrpState.MASTER) {
                    sendAdvert(ctx, 0);
                    log(ctx, "(" + config.name() + ") sent 0 priority");
                }
                stop(ctx);
            }
            case SIGKILL -> stop(ctx);
        }
    }

    private void stop(Context<Input> ctx) {
        if (state != VrrpState.STOPPED) {
            cancelTimers(ctx);
            transition(ctx, VrrpState.STOPPED, false);
        }
    }

    private void cancelTimers(Context<Input> ctx) {
        ctx.cancelTimer(Timer.ADVERT);
        ctx.cancelTimer(Timer.MASTER_DOWN);
        ctx.cancelTimer(Timer.GARP_REFRESH);
    }

    private void trackedInterface(Context<Input> ctx, TrackedInterface t) {
        if (t == TrackedInterface.DOWN && (state == VrrpState.BACKUP || state == VrrpState.MASTER)) {
            if (state == VrrpState.MASTER) {
                sendAdvert(ctx, 0);
            }
            cancelTimers(ctx);
            transition(ctx, VrrpState.FAULT, false);
        } else if (t == TrackedInterface.UP && state == VrrpState.FAULT) {
            masterAdverInt = config.advertInterval();
            enterBackup(ctx, false, config.masterDownInterval(masterAdverInt));
        }
    }

    private void timer(Context<Input> ctx, Timer t) {
        if (t == Timer.MASTER_DOWN && state == VrrpState.BACKUP) {
            becomeMaster(ctx);
        } else if (t == Timer.ADVERT && state == VrrpState.MASTER) {
            sendAdvert(ctx, config.priority());
            ctx.startTimer(Timer.ADVERT, config.advertInterval(), Timer.ADVERT);
        } else if (t == Timer.GARP_REFRESH && state == VrrpState.MASTER) {
            garpBurst(ctx);
        }
    }

    private void receive(Context<Input> ctx, Ipv4Packet packet) {
        if (!(packet.payload() instanceof VrrpAdvertisement advert) || advert.vrid() != config.vrid()) {
            return; // another router's VRID on the same HA network
        }
        if (state != VrrpState.BACKUP && state != VrrpState.MASTER) {
            return;
        }
        if (packet.ttl() != VrrpAdvertisement.IP_TTL || advert.version() != config.version()) {
            return; // vrrp_check_packet: invalid TTL, wrong version
        }
        if (config.version() == 2 && advert.advertIntervalNanos() != config.advertInterval()) {
            return; // VRRPv2: "advertisement interval mismatch", dropped
        }
        if (state == VrrpState.BACKUP) {
            backupReceive(ctx, advert);
        } else {
            masterReceive(ctx, packet, advert);
        }
    }

    private void backupReceive(Context<Input> ctx, VrrpAdvertisement advert) {
        if (advert.priority() == 0) {
            ctx.startTimer(Timer.MASTER_DOWN, config.skewTime(masterAdverInt), Timer.MASTER_DOWN);
        } else if (config.nopreempt() || advert.priority() >= config.priority()) {
            adoptInterval(advert);
            ctx.startTimer(Timer.MASTER_DOWN, config.masterDownInterval(masterAdverInt), Timer.MASTER_DOWN);
        }
    }

    private void masterReceive(Context<Input> ctx, Ipv4Packet packet, VrrpAdvertisement advert) {
        String name = config.name();
        if (advert.priority() == 0) {
            sendAdvert(ctx, config.priority());
            return;
        }
        int addressOrder = packet.src().compareTo(config.address());
        if (advert.priority() < config.priority() || (advert.priority() == config.priority() && addressOrder < 0)) {
            log(ctx, "(" + name + ") Received advert from " + packet.src() + " with lower priority "
                    + advert.priority() + ", ours " + config.priority() + ", forcing new election");
            sendAdvert(ctx, config.priority());
            // garp_lower_prio_repeat, which keepalived defaults to garp_master_repeat: re-announce
            // the addresses a lower-priority master may have drawn away (vrrp_state_master_rx)
            garpBurst(ctx);
        } else if (advert.priority() > config.priority() || addressOrder > 0) {
            log(ctx, advert.priority() > config.priority()
                    ? "(" + name + ") Master received advert from " + packet.src() + " with higher priority "
                            + advert.priority() + ", ours " + config.priority()
                    : "(" + name + ") Master received advert from " + packet.src() + " with same priority "
                            + advert.priority() + " but higher IP address than ours");
            adoptInterval(advert);
            ctx.cancelTimer(Timer.ADVERT);
            ctx.cancelTimer(Timer.GARP_REFRESH);
            enterBackup(ctx, false, config.masterDownInterval(masterAdverInt));
        }
    }

    /** RFC 5798: a v3 backup takes the master's advertisement interval. */
    private void adoptInterval(VrrpAdvertisement advert) {
        if (config.version() == 3) {
            masterAdverInt = advert.advertIntervalNanos();
        }
    }

    private void enterBackup(Context<Input> ctx, boolean init, long downTimer) {
        transition(ctx, VrrpState.BACKUP, init);
        ctx.startTimer(Timer.MASTER_DOWN, downTimer, Timer.MASTER_DOWN);
    }

    /**
     * keepalived sends its first advert on the way in, adds the addresses, announces them, then
     * adverts every advert_int ({@code vrrp_state_become_master}).
     */
    private void becomeMaster(Context<Input> ctx) {
        sendAdvert(ctx, config.priority());
        transition(ctx, VrrpState.MASTER, false);
        host.addVirtualAddresses(ctx);
        garpBurst(ctx);
        ctx.startTimer(Timer.ADVERT, config.advertInterval(), Timer.ADVERT);
        ctx.startTimer(Timer.GARP_REFRESH, config.garpMasterDelay(), Timer.GARP_REFRESH);
    }

    private void garpBurst(Context<Input> ctx) {
        for (int i = 0; i < config.garpMasterRepeat(); i++) {
            host.sendGratuitousArps(ctx);
        }
    }

    private void sendAdvert(Context<Input> ctx, int priority) {
        if (lastAdvert == null || ((VrrpAdvertisement) lastAdvert.payload()).priority() != priority) {
            VrrpAdvertisement advert = config.version() == 2
                    ? VrrpAdvertisement.v2(config.vrid(), priority, config.advertIntervalOnWire(), config.vips())
                    : VrrpAdvertisement.v3(config.vrid(), priority, config.advertIntervalOnWire(), config.vips());
            lastAdvert = Ipv4Packet.of(config.address(), VrrpAdvertisement.MULTICAST_GROUP, VrrpAdvertisement.IP_TTL,
                    advert).withDscp(VrrpAdvertisement.IP_DSCP);
        }
        host.send(ctx, lastAdvert);
    }

    private void transition(Context<Input> ctx, VrrpState to, boolean init) {
        if (state == VrrpState.MASTER) {
            host.removeVirtualAddresses(ctx);
        }
        state = to;
        ctx.record(new VrrpTransition(config.name(), to, init));
    }

    private void log(Context<Input> ctx, String line) {
        ctx.record(new KeepalivedLog(line));
    }
}
