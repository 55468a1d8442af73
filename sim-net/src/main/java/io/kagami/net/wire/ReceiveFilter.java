package io.kagami.net.wire;

import io.kagami.net.packet.EthernetFrame;

/**
 * What a device throws away on arrival without any effect the twin models, declared for one of its
 * ports: a frame it {@link #ignores} is still sent by the peer (counted, captured) but never posted
 * to the device. This is how a flood to many receivers of which only one cares (VRRP adverts on a
 * project's HA network) costs one event instead of one per receiver. A filter must be a pure
 * function of the frame, and must only name frames the device's own rules would drop, or whose
 * effect on the device its sender accounts for ({@code io.kagami.net.host.TunnelReceiveFilter}).
 */
@FunctionalInterface
public interface ReceiveFilter {

    boolean ignores(EthernetFrame frame);
}
