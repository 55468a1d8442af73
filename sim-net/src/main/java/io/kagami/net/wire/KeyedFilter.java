package io.kagami.net.wire;

import io.kagami.net.packet.EthernetFrame;
import java.util.List;
import java.util.Set;

/**
 * A receiver that takes a sorted frame ({@link FrameKey}) only if one of its keys is {@code wanted},
 * and every frame that is not sorted. A flooding switch looks up the takers of a frame by key
 * ({@code io.kagami.net.ovs.NormalSwitch}), so the receivers that ignore it cost nothing at all.
 */
public record KeyedFilter(FrameKey key, Set<Object> wanted) implements ReceiveFilter {

    public KeyedFilter {
        wanted = Set.copyOf(wanted);
    }

    @Override
    public boolean ignores(EthernetFrame frame) {
        List<Object> keys = key.of(frame);
        if (keys == null) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (wanted.contains(keys.get(i))) {
                return false;
            }
        }
        return true;
    }
}
