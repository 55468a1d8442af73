package io.kagami.net.keepalived;

import io.kagami.core.Context;
import io.kagami.net.packet.Ipv4Packet;

/**
 * What a keepalived instance needs of the machine it runs on: a way to send its adverts out of its
 * interface, and the addresses it installs as MASTER (virtual_ipaddress,
 * virtual_ipaddress_excluded, virtual_routes) and announces with gratuitous ARPs.
 */
public interface VrrpHost {

    /** Sends an advert (IPv4 to 224.0.0.18) out of the instance's interface. */
    void send(Context<?> ctx, Ipv4Packet advert);

    /** Entering MASTER: add every virtual address and route. */
    void addVirtualAddresses(Context<?> ctx);

    /** Leaving MASTER (BACKUP, FAULT, stop): remove them again. */
    void removeVirtualAddresses(Context<?> ctx);

    /** One gratuitous ARP for every virtual address, on its interface. */
    void sendGratuitousArps(Context<?> ctx);
}
