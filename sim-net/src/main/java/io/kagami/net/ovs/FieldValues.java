package io.kagami.net.ovs;

import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import java.util.Arrays;

/**
 * The header fields an OpenFlow match may test, each a 64-bit value: a packet's key (what OVS's
 * {@code flow_extract} reads), a match's values, or its masks. Fields not present in a packet read as
 * zero, as in OVS: {@code tun_id} 0 off a tunnel, {@code vlan_tci} 0 untagged, {@code arp_tpa} 0 if not ARP.
 */
final class FieldValues {

    /** The fields, with the mask that selects all of a field's bits. */
    enum Field {
        IN_PORT(0xFFFF_FFFFL),
        TUN_ID(-1L),
        VLAN_TCI(0xFFFFL),
        DL_SRC(0xFFFF_FFFF_FFFFL),
        DL_DST(0xFFFF_FFFF_FFFFL),
        DL_TYPE(0xFFFFL),
        ARP_TPA(0xFFFF_FFFFL);

        final long exact;

        Field(long exact) {
            this.exact = exact;
        }
    }

    /** The CFI bit of a TCI, which OVS sets in {@code vlan_tci} to say "a tag is present". */
    static final int VLAN_CFI = 0x1000;
    static final int VLAN_VID_MASK = 0x0FFF;

    private static final Field[] FIELDS = Field.values();
    static final FieldValues ZERO = new FieldValues(new long[FIELDS.length]);

    private final long[] values;

    private FieldValues(long[] values) {
        this.values = values;
    }

    /**
     * A key to look a table up with, whose values {@link #setAnd} or {@link #setExtracted}
     * overwrite: a lookup probes a table once per mask, and a fresh masked key each time was a third of
     * what a large run allocated. A probe is never kept in a map.
     */
    static FieldValues probe() {
        return new FieldValues(new long[FIELDS.length]);
    }

    /** Makes this probe {@code key} masked by {@code mask}. */
    void setAnd(FieldValues key, FieldValues mask) {
        for (int i = 0; i < values.length; i++) {
            values[i] = key.values[i] & mask.values[i];
        }
    }

    /** Makes this probe the key of a packet entering (or resubmitted in) the pipeline. */
    void setExtracted(int inPort, long tunId, EthernetFrame frame) {
        long[] v = values;
        v[Field.IN_PORT.ordinal()] = inPort;
        v[Field.TUN_ID.ordinal()] = tunId;
        v[Field.VLAN_TCI.ordinal()] = tci(frame);
        v[Field.DL_SRC.ordinal()] = frame.src().bits();
        v[Field.DL_DST.ordinal()] = frame.dst().bits();
        v[Field.DL_TYPE.ordinal()] = frame.etherType();
        v[Field.ARP_TPA.ordinal()] = frame.payload() instanceof ArpPacket arp ? arp.targetIp().bits() & 0xFFFF_FFFFL : 0;
    }

    /** The frame's 802.1Q TCI as OVS's {@code vlan_tci} holds it: CFI | VID, or 0 untagged. */
    static int tci(EthernetFrame frame) {
        return frame.hasVlan() ? VLAN_CFI | frame.vlan() : 0;
    }

    long get(Field f) {
        return values[f.ordinal()];
    }

    FieldValues with(Field f, long value) {
        long[] v = values.clone();
        v[f.ordinal()] = value;
        return new FieldValues(v);
    }

    FieldValues and(FieldValues mask) {
        long[] v = new long[FIELDS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] & mask.values[i];
        }
        return new FieldValues(v);
    }

    /** Whether every bit set in {@code other} is set here too. */
    boolean covers(FieldValues other) {
        for (int i = 0; i < values.length; i++) {
            if ((values[i] & other.values[i]) != other.values[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldValues other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
