package io.kagami.net.netns;

/**
 * What kind of device an interface is. It changes only what {@code ip addr} shows: the flags and
 * link type, the queueing discipline, and the operational state of a device that is up with carrier
 * (a driver that never reports carrier, like lo and OVS internal ports, stays UNKNOWN).
 */
public enum LinkKind {
    /** lo, which every namespace has. */
    LOOPBACK("noqueue", "UNKNOWN"),
    /** An OVS internal port moved into the namespace (qr-, qg-, ha-, a DHCP tap). */
    OVS_INTERNAL("noqueue", "UNKNOWN"),
    /** A NIC such as a VM's virtio eth0, with systemd's default_qdisc fq_codel. */
    ETHERNET("fq_codel", "UP");

    private final String qdisc;
    private final String operstateWhenUp;

    LinkKind(String qdisc, String operstateWhenUp) {
        this.qdisc = qdisc;
        this.operstateWhenUp = operstateWhenUp;
    }

    /** The queueing discipline while the device is up (a device that is down has {@code noop}). */
    public String qdisc() {
        return qdisc;
    }

    /** The operational state while the device is up with carrier. */
    public String operstateWhenUp() {
        return operstateWhenUp;
    }
}
