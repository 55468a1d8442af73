package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Address;

/**
 * An address added to or deleted from an interface, as {@code ip -o monitor address} prints it;
 * neutron-keepalived-state-change watches these for the VIP on ha- (DOMAIN.md section 2).
 */
public record AddressEvent(String namespace, String interfaceName, Ipv4Address address, int prefixLength,
                           boolean added) {}
