package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Packet;

/**
 * A packet the namespace delivered locally to an application's socket, with the interface it came in
 * on ({@code lo} for a packet the namespace sent to one of its own addresses).
 */
public record IpDelivered(Ipv4Packet packet, String inInterface) {}
