package io.kagami.net.netns;

import io.kagami.core.EntityRef;
import java.util.function.Function;

/**
 * An application's socket in a namespace: local packets of {@code protocol} (and, for TCP and UDP,
 * to {@code localPort}; -1 for any) go to {@code app}, wrapped into the app's own message type.
 * keepalived holds a protocol-112 socket on ha-; an SSH server a TCP socket on port 22. Every socket
 * that accepts a packet gets it (as raw sockets each get a copy); a TCP segment no socket accepts is
 * answered by the kernel with a reset. A protocol-112 socket joins 224.0.0.18 on every interface.
 *
 * @param <M> the application's message type
 */
public record Socket<M>(int protocol, int localPort, EntityRef<M> app, Function<IpDelivered, M> wrap) {
    public static final int ANY_PORT = -1;

    public boolean accepts(int protocol, int port) {
        return this.protocol == protocol && (localPort == ANY_PORT || localPort == port);
    }
}
