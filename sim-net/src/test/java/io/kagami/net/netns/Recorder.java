package io.kagami.net.netns;

import io.kagami.core.Context;
import io.kagami.core.Entity;

/** A test application: records every message it gets (IpDelivered from a socket, AddressEvent from a monitor). */
final class Recorder implements Entity<Object> {
    @Override
    public void onMessage(Context<Object> ctx, Object message) {
        ctx.record(message);
    }
}
