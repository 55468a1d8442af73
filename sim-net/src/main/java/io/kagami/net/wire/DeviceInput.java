package io.kagami.net.wire;

/**
 * What a network device entity (a bridge, a namespace's IP stack, a server's NIC, a physical
 * switch) accepts: frames on its ports ({@link FrameIn}), link state changes ({@link LinkState}),
 * and commands of its own kind.
 */
public interface DeviceInput {}
