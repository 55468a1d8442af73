package io.kagami.net.apps;

import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import java.util.Objects;

/** The four numbers that name a TCP connection, seen from one of its endpoints. */
public record TcpFlow(Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress, int remotePort) {

    public TcpFlow {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        checkPort("local", localPort);
        checkPort("remote", remotePort);
    }

    private static void checkPort(String which, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(which + " TCP port " + port + " out of range 0..65535");
        }
    }

    /** The flow a received segment belongs to, seen from its receiver. */
    static TcpFlow ofReceived(Ipv4Packet packet, TcpSegment segment) {
        return new TcpFlow(packet.dst(), segment.dstPort(), packet.src(), segment.srcPort());
    }

    /** For example {@code 10.0.80.5:32768-192.168.80.10:22}. */
    @Override
    public String toString() {
        return localAddress + ":" + localPort + "-" + remoteAddress + ":" + remotePort;
    }
}
