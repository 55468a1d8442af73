package io.kagami.net.wire;

import io.kagami.net.packet.EthernetFrame;

/**
 * Recorded by a port of a captured wire ({@link Fabric#capture}) for each frame it puts on the wire,
 * at the virtual time it does so; {@code capture} names the wire after the port the capture was asked
 * for ({@code <device entity>/<port>}). Both ends of the wire record under the same name, so a
 * capture holds both directions, as tcpdump on that interface would.
 */
public record CapturedFrame(String capture, EthernetFrame frame) {}
