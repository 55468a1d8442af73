package io.kagami.net.ovs;

import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.wire.DeviceInput;

/**
 * A VXLAN packet a bridge's tunnel port hands to the host's network stack, to be routed out of its NIC
 * towards {@code outer.dst()}: the outer IPv4/UDP packet, without an Ethernet header.
 */
public record TunnelOut(Ipv4Packet outer) implements DeviceInput {}
