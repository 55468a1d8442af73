package io.kagami.net.topology;

import io.kagami.net.packet.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Neutron's identifiers and names, made stable: resources get name-based UUIDs (Neutron's are
 * random) so that every run shows the same names. Devices are a prefix and the first 11 characters
 * of the port's UUID ({@code qr-}, {@code qg-}, {@code ha-}, {@code tap}: 14 characters in all),
 * namespaces {@code qrouter-<router uuid>} and {@code qdhcp-<network uuid>}, MACs start with
 * Neutron's base_mac {@code fa:16:3e} (DOMAIN.md section 5).
 */
public final class NeutronIds {
    private NeutronIds() {}

    public static String uuid(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code prefix} + the first 11 characters of the port's id, as Neutron's interface drivers name devices. */
    public static String device(String prefix, String portId) {
        return prefix + portId.substring(0, 11);
    }

    public static String qrouter(String routerId) {
        return "qrouter-" + routerId;
    }

    public static String qdhcp(String networkId) {
        return "qdhcp-" + networkId;
    }

    /**
     * A MAC in fa:16:3e:xx:xx:xx from the port's id; {@code attempt} > 0 draws another, as Neutron
     * draws again when a MAC is taken.
     */
    public static MacAddress mac(String portId, int attempt) {
        int h = (portId + "#" + attempt).hashCode() * 0x9e3779b1;
        return new MacAddress(0xfa163e000000L | ((h >>> 8) & 0xffffffL));
    }
}
