package io.kagami.net.wire;

import io.kagami.core.EntityRef;

/** One end of a wire: a device and one of its ports, by index. */
public record Endpoint(EntityRef<DeviceInput> device, int port) {
    @Override
    public String toString() {
        return device.name() + "#" + port;
    }
}
