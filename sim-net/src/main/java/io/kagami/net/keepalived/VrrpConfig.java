package io.kagami.net.keepalived;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import java.util.List;

/**
 * One {@code vrrp_instance} block as Neutron's L3 agent renders it (DOMAIN.md section 2), with
 * keepalived's timer arithmetic. Left out: authentication, virtual_ipaddress_excluded, routes,
 * track scripts, unicast peers, preempt_delay.
 *
 * @param name           the instance name, {@code VR_<vrid>} in Neutron
 * @param version        VRRP version, 2 (keepalived's default, and Neutron's) or 3
 * @param vrid           virtual_router_id, 1..255
 * @param priority       1..255 (Neutron: 50 everywhere)
 * @param advertInterval advert_int in ns: whole seconds for v2, whole centiseconds for v3
 * @param nopreempt      Neutron always sets it
 * @param address        the primary address of the interface (the ha- port's), the adverts' source
 * @param vips           virtual_ipaddress, listed in every advert
 * @param garpMasterRepeat  gratuitous ARPs per address in a burst (keepalived's default 5)
 * @param garpMasterDelay   delay of the second burst after becoming MASTER (keepalived 5 s, Neutron 60 s)
 */
public record VrrpConfig(String name, int version, int vrid, int priority, long advertInterval, boolean nopreempt,
                         Ipv4Address address, List<Ipv4Address> vips, int garpMasterRepeat, long garpMasterDelay) {

    /** keepalived's default garp_master_repeat ({@code vrrp_parser.c}). */
    public static final int GARP_MASTER_REPEAT = 5;
    /** garp_master_delay as Neutron renders it (DOMAIN.md section 2). */
    public static final long NEUTRON_GARP_MASTER_DELAY = 60 * VirtualTime.SECOND;

    /** An instance as Neutron's L3 agent renders it: keepalived's GARP repeat, Neutron's 60 s delay. */
    public static VrrpConfig neutron(String name, int version, int vrid, int priority, long advertInterval,
                                     boolean nopreempt, Ipv4Address address, List<Ipv4Address> vips) {
        return new VrrpConfig(name, version, vrid, priority, advertInterval, nopreempt, address, vips,
                GARP_MASTER_REPEAT, NEUTRON_GARP_MASTER_DELAY);
    }


    /** keepalived keeps its timers in microseconds ({@code TIMER_HZ}); so does this arithmetic. */
    private static final long TIMER_HZ = 1_000_000;
    private static final long TIMER_CENTI_HZ = TIMER_HZ / 100;

    public VrrpConfig {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version must be 2 or 3, got " + version);
        }
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("virtual_router_id must be 1..255, got " + vrid);
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("priority must be 1..255, got " + priority);
        }
        long unit = version == 2 ? VirtualTime.SECOND : 10 * VirtualTime.MILLISECOND;
        long max = version == 2 ? 255 : 4095;
        if (advertInterval < unit || advertInterval > max * unit || advertInterval % unit != 0) {
            throw new IllegalArgumentException("advert_int must be a whole number of "
                    + (version == 2 ? "seconds from 1s to 255s for VRRPv2" : "centiseconds from 10ms to 40.95s for VRRPv3")
                    + ", got " + VirtualTime.format(advertInterval));
        }
        vips = List.copyOf(vips);
        if (vips.isEmpty()) {
            throw new IllegalArgumentException("virtual_ipaddress needs at least one address");
        }
        if (garpMasterRepeat < 1 || garpMasterDelay < 0) {
            throw new IllegalArgumentException("garp_master_repeat must be >= 1 and garp_master_delay >= 0s, got "
                    + garpMasterRepeat + " and " + VirtualTime.format(garpMasterDelay));
        }
    }

    /** advert_int in the unit the version's packets carry (seconds for v2, centiseconds for v3). */
    public int advertIntervalOnWire() {
        return (int) (version == 2 ? advertInterval / VirtualTime.SECOND : advertInterval / (10 * VirtualTime.MILLISECOND));
    }

    /**
     * Skew_Time for a master advertising every {@code masterAdverInt}: v2 {@code (256-prio)/256}
     * s, v3 {@code (256-prio) * interval / 256}, in keepalived's integer microseconds
     * ({@code VRRP_TIMER_SKEW} in vrrp.h).
     */
    public long skewTime(long masterAdverInt) {
        long micros = version == 3
                ? (256L - priority) * (masterAdverInt / 1000 / TIMER_CENTI_HZ) * 625 / 16
                : (256L - priority) * TIMER_HZ / 256;
        return micros * VirtualTime.MICROSECOND;
    }

    /** Master_Down_Interval = 3 x Master_Adver_Interval + Skew_Time (keepalived's ms_down_timer). */
    public long masterDownInterval(long masterAdverInt) {
        return 3 * masterAdverInt + skewTime(masterAdverInt);
    }
}
