package io.kagami.net.wire;

/** Carrier on port {@code port} of the receiving device goes up or down (a fault, or its repair). */
public record LinkState(int port, boolean up) implements DeviceInput {}
