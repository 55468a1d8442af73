package io.kagami.net.ovs;

import io.kagami.net.packet.MacAddress;

/**
 * A MAC learning entry as {@code ovs-appctl fdb/show} lists it: the port a MAC was last seen on in a
 * VLAN, and nanoseconds since then.
 */
public record FdbEntry(int port, int vlan, MacAddress mac, long age) {}
