package io.kagami.net.wire;

import io.kagami.net.packet.EthernetFrame;
import java.util.List;

/**
 * Sorts the frames on a shared segment by whom they are for, for receivers that each take only their
 * own ({@link KeyedFilter}): VRRP adverts by VRID, ARP by address, frames by VLAN. A switch flooding a
 * frame can then look its takers up by key instead of asking every port. Implementations are
 * singletons: a switch groups its ports by key instance.
 */
@FunctionalInterface
public interface FrameKey {

    /** The keys {@code frame} is addressed by; null if it is not sorted (every receiver takes it). */
    List<Object> of(EthernetFrame frame);
}
