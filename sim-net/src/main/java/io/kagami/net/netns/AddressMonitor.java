package io.kagami.net.netns;

import io.kagami.core.EntityRef;
import java.util.function.Function;

/**
 * An entity running {@code ip -o monitor address} in the namespace, such as
 * neutron-keepalived-state-change: it gets an {@link AddressEvent}, wrapped into its own message
 * type, after every address added or deleted.
 *
 * @param <M> the monitor's message type
 */
public record AddressMonitor<M>(EntityRef<M> app, Function<AddressEvent, M> wrap) {}
