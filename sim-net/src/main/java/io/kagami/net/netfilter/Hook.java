package io.kagami.net.netfilter;

/**
 * The five netfilter hooks of IPv4, which are also the names of the built-in chains of every table.
 * Received packets meet PREROUTING, then INPUT (local delivery) or FORWARD then POSTROUTING; locally
 * generated packets meet OUTPUT then POSTROUTING.
 */
public enum Hook {
    PREROUTING,
    INPUT,
    FORWARD,
    OUTPUT,
    POSTROUTING
}
