package io.kagami.net.netns;

/**
 * The IPv4 sysctls of a namespace that change its behaviour here, with the meanings of the
 * kernel's {@code Documentation/networking/ip-sysctl.rst}; each applies to all interfaces (the
 * {@code all} and {@code default} values agree, as Neutron sets them).
 *
 * @param ipForward      {@code net.ipv4.ip_forward}: route packets not addressed to us
 * @param arpIgnore      {@code arp_ignore}: 0 answer for any local address on any interface; 1 only for
 *                       an address configured on the interface the request came in on; 2 as 1, and the
 *                       sender must be in that address's subnet. Values 3 and 8 are not modelled.
 * @param arpAnnounce    {@code arp_announce}: the source address of our ARP requests. 0 the source of
 *                       the packet that needs the resolution, if it is local; 1 that source only if it
 *                       shares a subnet of the interface with the target; 2 always the interface's best
 *                       primary address for the target
 * @param ipNonlocalBind {@code ip_nonlocal_bind}: an application may send from an address that is not
 *                       (yet) on any interface; without it the packet is dropped, as bind() would fail
 *                       with EADDRNOTAVAIL
 */
public record Sysctls(boolean ipForward, int arpIgnore, int arpAnnounce, boolean ipNonlocalBind) {

    /** The kernel's defaults: a host (a VM, the external client). */
    public static final Sysctls HOST = new Sysctls(false, 0, 0, false);
    /** A router namespace as the L3 agent sets it (DOMAIN.md section 5). */
    public static final Sysctls ROUTER = new Sysctls(true, 1, 2, false);
    /** An HA router namespace: a router's, and ip_nonlocal_bind=1. */
    public static final Sysctls HA_ROUTER = new Sysctls(true, 1, 2, true);

    public Sysctls {
        if (arpIgnore < 0 || arpIgnore > 2) {
            throw new IllegalArgumentException("arp_ignore " + arpIgnore + " not modelled: only 0, 1 and 2");
        }
        if (arpAnnounce < 0 || arpAnnounce > 2) {
            throw new IllegalArgumentException("arp_announce " + arpAnnounce + " out of range 0..2");
        }
    }
}
