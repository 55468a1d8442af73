package io.kagami.scenario.measure;

import io.kagami.core.Observation;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.topology.HaRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VRRP state of every node of one router over a run, read back from the keepalived instances'
 * recorded transitions: who was master when, and who took over after a fault.
 */
public final class VrrpTimeline {

    /** A node entering a state at a virtual time. */
    public record Change(long time, String node, VrrpState state) {}

    private final List<Change> changes = new ArrayList<>();

    public VrrpTimeline(List<Observation> observations) {
        for (Observation o : observations) {
            if (o.value() instanceof VrrpTransition t) {
                changes.add(new Change(o.time(), HaRouter.nodeOf(o.entity()), t.state()));
            }
        }
    }

    /** Each node's state after every change before {@code time} (exclusive). */
    public Map<String, VrrpState> statesBefore(long time) {
        Map<String, VrrpState> states = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.time() >= time) {
                break;
            }
            states.put(c.node(), c.state());
        }
        return states;
    }

    /** The nodes that were MASTER just before {@code time}. */
    public List<String> mastersBefore(long time) {
        return statesBefore(time).entrySet().stream().filter(e -> e.getValue() == VrrpState.MASTER)
                .map(Map.Entry::getKey).toList();
    }

    /** When {@code node} last entered MASTER before {@code time}. */
    public Optional<Long> masterSince(String node, long time) {
        Long since = null;
        for (Change c : changes) {
            if (c.time() >= time) {
                break;
            }
            if (c.node().equals(node) && c.state() == VrrpState.MASTER) {
                since = c.time();
            }
        }
        return Optional.ofNullable(since);
    }

    /** The first node other than {@code except} to enter MASTER at or after {@code time}. */
    public Optional<Change> firstMasterFrom(long time, String except) {
        return changes.stream().filter(c -> c.time() >= time && c.state() == VrrpState.MASTER
                && !c.node().equals(except)).findFirst();
    }
}
