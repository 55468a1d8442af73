package io.kagami.net.ovs;

import io.kagami.net.ovs.FieldValues.Field;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The match of an OpenFlow flow: the header fields Neutron's tables test, each with a value and a mask
 * (a bit clear in the mask is a wildcard), built up from {@link #ANY}:
 * {@code Match.ANY.inPort(1)}, {@code Match.ANY.tunId(0xcb)}, {@code Match.ANY.dlVlan(3)},
 * {@code Match.ANY.untagged()} (Neutron's {@code dl_vlan=0xffff}), {@code Match.ANY.dlDst(mac, mask)}.
 * Values are kept masked, so equal matches are equal objects, as OVS's classifier compares them.
 *
 * <p>{@link #toString()} prints the match as {@code ovs-ofctl} does ({@code match_format} in OVS's
 * {@code lib/match.c}): fields in OVS's order, {@code dl_vlan=N} for an exact VID, {@code vlan_tci=0x0000}
 * for "untagged", {@code vlan_tci=V/M} otherwise, {@code arp} for {@code dl_type=0x0806}. Left out: IP,
 * TCP/UDP, ICMP, IPv6, conntrack, registers and metadata, which Neutron uses only for DVR, security groups
 * and QoS, none of them modelled.
 */
public final class Match {

    /** Matches every packet. */
    public static final Match ANY = new Match(FieldValues.ZERO, FieldValues.ZERO);

    /** The highest OpenFlow port number a switch port may have (OFPP_MAX is 0xff00). */
    static final int MAX_OFPORT = 0xFEFF;

    private final FieldValues values;
    private final FieldValues masks;

    private Match(FieldValues values, FieldValues masks) {
        this.values = values;
        this.masks = masks;
    }

    private Match with(Field field, long value, long mask) {
        return new Match(values.with(field, value & mask), masks.with(field, mask));
    }

    /** {@code in_port=N}. */
    public Match inPort(int ofport) {
        return with(Field.IN_PORT, inRange("in_port", ofport, 1, MAX_OFPORT), Field.IN_PORT.exact);
    }

    /** {@code tun_id=N}: the tunnel key a packet arrived with, or was given by {@code set_tunnel}. */
    public Match tunId(long tunId) {
        return with(Field.TUN_ID, tunId, Field.TUN_ID.exact);
    }

    /** {@code dl_vlan=N}: tagged with VLAN id {@code vid}. */
    public Match dlVlan(int vid) {
        inRange("dl_vlan", vid, 0, EthernetFrame.MAX_VLAN);
        return vlanTci(FieldValues.VLAN_CFI | vid, FieldValues.VLAN_CFI | FieldValues.VLAN_VID_MASK);
    }

    /** Untagged: what Neutron writes {@code dl_vlan=0xffff} and OVS prints {@code vlan_tci=0x0000}. */
    public Match untagged() {
        return vlanTci(0, 0xFFFF);
    }

    /** {@code vlan_tci=value/mask}, the 16 bits of the tag with the CFI bit meaning "present". */
    public Match vlanTci(int value, int mask) {
        return with(Field.VLAN_TCI, inRange("vlan_tci", value, 0, 0xFFFF), inRange("vlan_tci mask", mask, 0, 0xFFFF));
    }

    /** {@code dl_src=mac}. */
    public Match dlSrc(MacAddress mac) {
        return with(Field.DL_SRC, mac.bits(), Field.DL_SRC.exact);
    }

    /** {@code dl_dst=mac}. */
    public Match dlDst(MacAddress mac) {
        return with(Field.DL_DST, mac.bits(), Field.DL_DST.exact);
    }

    /** {@code dl_dst=mac/mask}, such as Neutron's multicast test {@code 01:00:00:00:00:00/01:00:00:00:00:00}. */
    public Match dlDst(MacAddress mac, MacAddress mask) {
        return with(Field.DL_DST, mac.bits(), mask.bits());
    }

    /** {@code dl_type=0xNNNN}, the EtherType after any tag. */
    public Match dlType(int etherType) {
        return with(Field.DL_TYPE, inRange("dl_type", etherType, 0, 0xFFFF), Field.DL_TYPE.exact);
    }

    /** {@code arp}, short for {@code dl_type=0x0806}. */
    public Match arp() {
        return dlType(ArpPacket.ETHER_TYPE);
    }

    /**
     * {@code arp_tpa=ip}, the target address of an ARP packet.
     *
     * @throws IllegalStateException unless the match already says {@code arp}: OVS refuses the field
     *     without its prerequisite
     */
    public Match arpTpa(Ipv4Address ip) {
        if (masks.get(Field.DL_TYPE) == 0 || values.get(Field.DL_TYPE) != ArpPacket.ETHER_TYPE) {
            throw new IllegalStateException("arp_tpa needs dl_type=0x0806 (arp) first");
        }
        return with(Field.ARP_TPA, ip.bits() & 0xFFFF_FFFFL, Field.ARP_TPA.exact);
    }

    private static int inRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " " + value + " out of range " + min + ".." + max);
        }
        return value;
    }

    FieldValues values() {
        return values;
    }

    FieldValues masks() {
        return masks;
    }

    /**
     * Whether every packet {@code flow} matches is matched by this one too: how a non-strict
     * {@code ovs-ofctl del-flows} selects flows ({@code cls_rule_is_loose_match}).
     */
    boolean covers(Match flow) {
        return flow.masks.covers(masks) && flow.values.and(masks).equals(values);
    }

    /** The match in {@code ovs-ofctl} syntax, without priority; empty for {@link #ANY}. */
    String format(PortNames ports) {
        List<String> parts = new ArrayList<>();
        long dlTypeMask = masks.get(Field.DL_TYPE);
        long dlType = values.get(Field.DL_TYPE);
        String protocol = dlTypeMask == 0 ? null : switch ((int) dlType) {
            case ArpPacket.ETHER_TYPE -> "arp";
            case Ipv4Packet.ETHER_TYPE -> "ip";
            default -> null;
        };
        if (protocol != null) {
            parts.add(protocol);
        }
        if (masks.get(Field.TUN_ID) != 0) {
            parts.add("tun_id=" + hexMasked(values.get(Field.TUN_ID), masks.get(Field.TUN_ID), Field.TUN_ID.exact));
        }
        if (masks.get(Field.IN_PORT) != 0) {
            parts.add("in_port=" + ports.format((int) values.get(Field.IN_PORT)));
        }
        if (masks.get(Field.VLAN_TCI) != 0) {
            parts.add(formatVlan((int) values.get(Field.VLAN_TCI), (int) masks.get(Field.VLAN_TCI)));
        }
        addEthernet(parts, "dl_src", Field.DL_SRC);
        addEthernet(parts, "dl_dst", Field.DL_DST);
        if (dlTypeMask != 0 && protocol == null) {
            parts.add(String.format("dl_type=0x%04x", dlType));
        }
        if (masks.get(Field.ARP_TPA) != 0) {
            parts.add("arp_tpa=" + new Ipv4Address((int) values.get(Field.ARP_TPA)));
        }
        return String.join(",", parts);
    }

    /** OVS prints {@code dl_vlan} when the match is "this VID, tag present", else the raw TCI. */
    private static String formatVlan(int tci, int mask) {
        int vidMask = mask & FieldValues.VLAN_VID_MASK;
        boolean exactVidPresent = (mask & FieldValues.VLAN_CFI) != 0 && (tci & FieldValues.VLAN_CFI) != 0
                && vidMask == FieldValues.VLAN_VID_MASK && (mask & 0xE000) == 0;
        if (exactVidPresent) {
            return "dl_vlan=" + (tci & FieldValues.VLAN_VID_MASK);
        }
        return mask == 0xFFFF ? String.format("vlan_tci=0x%04x", tci) : String.format("vlan_tci=0x%04x/0x%04x", tci, mask);
    }

    private void addEthernet(List<String> parts, String name, Field field) {
        long mask = masks.get(field);
        if (mask != 0) {
            String value = name + "=" + new MacAddress(values.get(field));
            parts.add(mask == field.exact ? value : value + "/" + new MacAddress(mask));
        }
    }

    private static String hexMasked(long value, long mask, long exact) {
        String text = "0x" + Long.toHexString(value);
        return mask == exact ? text : text + "/0x" + Long.toHexString(mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Match other && values.equals(other.values) && masks.equals(other.masks);
    }

    @Override
    public int hashCode() {
        return 31 * values.hashCode() + masks.hashCode();
    }

    /** The match as {@code ovs-ofctl --no-names} prints it, such as {@code in_port=1,dl_vlan=3}. */
    @Override
    public String toString() {
        return format(PortNames.NUMBERS);
    }
}
