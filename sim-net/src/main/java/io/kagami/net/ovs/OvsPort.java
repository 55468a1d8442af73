package io.kagami.net.ovs;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A port of an OVS bridge as OVSDB holds it (one Port row with one Interface): its name, OpenFlow port
 * number, access VLAN {@code tag} (none: a trunk carrying every VLAN, tagged) and interface kind:
 * {@link Internal} (qr-, qg-, ha-, DHCP tap, moved into namespaces), {@link SystemNic} (a kernel device
 * such as a VM tap or the physical NIC of br-ex), {@link Patch} (patch-tun/patch-int, int-br-ex/phy-br-ex)
 * or {@link Vxlan}, named {@code vxlan-<remote IP in hex>} with the options Neutron's agent sets.
 * Left out: bonds, trunks restricted to some VLANs, native-VLAN modes, GRE and Geneve.
 */
public record OvsPort(String name, int ofport, OptionalInt tag, Interface iface) {

    /** The kind of interface, with its OVSDB {@code type} and {@code options}. */
    public sealed interface Interface permits Internal, SystemNic, Patch, Vxlan {
        /** The OVSDB type, empty for a system device. */
        String type();

        SortedMap<String, String> options();
    }

    public record Internal() implements Interface {
        @Override
        public String type() {
            return "internal";
        }

        @Override
        public SortedMap<String, String> options() {
            return new TreeMap<>();
        }
    }

    public record SystemNic() implements Interface {
        @Override
        public String type() {
            return "";
        }

        @Override
        public SortedMap<String, String> options() {
            return new TreeMap<>();
        }
    }

    /** One end of a patch port pair; {@code peer} names the other end, on the other bridge. */
    public record Patch(String peer) implements Interface {
        public Patch {
            Objects.requireNonNull(peer, "peer");
        }

        @Override
        public String type() {
            return "patch";
        }

        @Override
        public SortedMap<String, String> options() {
            return new TreeMap<>(Map.of("peer", peer));
        }
    }

    /**
     * A VXLAN tunnel to {@code remoteIp}, with the options of Neutron's {@code add_tunnel_port}: the key
     * comes from the flow both ways ({@code in_key}/{@code out_key=flow}) and DF is set.
     */
    public record Vxlan(Ipv4Address localIp, Ipv4Address remoteIp) implements Interface {
        public Vxlan {
            Objects.requireNonNull(localIp, "localIp");
            Objects.requireNonNull(remoteIp, "remoteIp");
        }

        @Override
        public String type() {
            return "vxlan";
        }

        @Override
        public SortedMap<String, String> options() {
            return new TreeMap<>(Map.of("df_default", "true", "egress_pkt_mark", "0", "in_key", "flow",
                    "local_ip", localIp.toString(), "out_key", "flow", "remote_ip", remoteIp.toString()));
        }
    }

    public OvsPort {
        Objects.requireNonNull(name, "name");
        if (ofport < 1 || ofport > Match.MAX_OFPORT) {
            throw new IllegalArgumentException("port " + name + ": ofport " + ofport + " out of range 1.."
                    + Match.MAX_OFPORT);
        }
        Objects.requireNonNull(tag, "tag");
        tag.ifPresent(t -> {
            if (t < 0 || t > EthernetFrame.MAX_VLAN) {
                throw new IllegalArgumentException("port " + name + ": tag " + t + " out of range 0.."
                        + EthernetFrame.MAX_VLAN);
            }
        });
        Objects.requireNonNull(iface, "iface");
    }

    public static OvsPort internal(String name, int ofport) {
        return new OvsPort(name, ofport, OptionalInt.empty(), new Internal());
    }

    public static OvsPort system(String name, int ofport) {
        return new OvsPort(name, ofport, OptionalInt.empty(), new SystemNic());
    }

    public static OvsPort patch(String name, int ofport, String peer) {
        return new OvsPort(name, ofport, OptionalInt.empty(), new Patch(peer));
    }

    /** The tunnel port to {@code remoteIp}, named as Neutron names it. */
    public static OvsPort vxlan(int ofport, Ipv4Address localIp, Ipv4Address remoteIp) {
        return new OvsPort(vxlanPortName(remoteIp), ofport, OptionalInt.empty(), new Vxlan(localIp, remoteIp));
    }

    /** This port as an access port of VLAN {@code vlan}. */
    public OvsPort withTag(int vlan) {
        return new OvsPort(name, ofport, OptionalInt.of(vlan), iface);
    }

    /**
     * Neutron's name for the tunnel port to {@code remote}: {@code vxlan-} and the address as eight hex
     * digits, so 10.0.0.7 gives {@code vxlan-0a000007} (the agent's {@code get_tunnel_name} for IPv4).
     */
    public static String vxlanPortName(Ipv4Address remote) {
        return String.format("vxlan-%08x", remote.bits());
    }

    /** Whether frames in {@code vlan} may leave here: a trunk carries every VLAN, an access port its own. */
    boolean carries(int vlan) {
        return tag.isEmpty() || tag.getAsInt() == vlan;
    }
}
