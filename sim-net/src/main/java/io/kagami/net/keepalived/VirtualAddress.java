package io.kagami.net.keepalived;

import io.kagami.net.packet.Ipv4Address;

/**
 * An address keepalived adds as MASTER, written in keepalived.conf as {@code 169.254.0.1/24 dev
 * ha-xxxxxxxx-xx} (virtual_ipaddress, or virtual_ipaddress_excluded for the router's gateway,
 * internal and floating addresses: DOMAIN.md section 2).
 */
public record VirtualAddress(Ipv4Address address, int prefixLength, String device) {
    @Override
    public String toString() {
        return address + "/" + prefixLength + " dev " + device;
    }
}
