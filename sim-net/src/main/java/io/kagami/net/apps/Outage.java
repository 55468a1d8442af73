package io.kagami.net.apps;

import io.kagami.core.Observation;
import io.kagami.core.VirtualTime;
import java.util.List;

/**
 * A data-plane outage as a probe sees it: from the last answer ({@link ProbeAnswer}: an echoed
 * keystroke, a ping reply) before a fault to the first answer after it. Its resolution is the probe's
 * interval; answers are taken at the time they arrived.
 *
 * @param lastAnswerBefore when the last answer at or before the fault arrived, or -1 if none did
 * @param firstAnswerAfter when the first answer after the fault arrived, or {@link VirtualTime#NEVER}
 */
public record Outage(long lastAnswerBefore, long firstAnswerAfter) {

    /**
     * The outage around {@code faultAt} in what entity {@code entity} recorded.
     *
     * @param observations a run's observations, in their canonical (time) order
     */
    public static Outage around(List<Observation> observations, String entity, long faultAt) {
        long before = -1;
        long after = VirtualTime.NEVER;
        for (Observation o : observations) {
            if (!o.entity().equals(entity) || !(o.value() instanceof ProbeAnswer)) {
                continue;
            }
            if (o.time() <= faultAt) {
                before = o.time();
            } else if (after == VirtualTime.NEVER) {
                after = o.time();
            }
        }
        return new Outage(before, after);
    }

    /** The longest gap between two successive answers that entity {@code entity} recorded, or null if it had fewer than two. */
    public static Outage longestGap(List<Observation> observations, String entity) {
        Outage longest = null;
        long previous = -1;
        for (Observation o : observations) {
            if (!o.entity().equals(entity) || !(o.value() instanceof ProbeAnswer)) {
                continue;
            }
            if (previous >= 0 && (longest == null || o.time() - previous > longest.duration())) {
                longest = new Outage(previous, o.time());
            }
            previous = o.time();
        }
        return longest;
    }

    /** Whether an answer came after the fault. */
    public boolean recovered() {
        return firstAnswerAfter != VirtualTime.NEVER;
    }

    /** From the last answer before to the first after; {@link VirtualTime#NEVER} if either is missing. */
    public long duration() {
        return lastAnswerBefore < 0 || !recovered() ? VirtualTime.NEVER : firstAnswerAfter - lastAnswerBefore;
    }

    @Override
    public String toString() {
        return "outage " + VirtualTime.format(duration()) + " (last answer "
                + (lastAnswerBefore < 0 ? "none" : VirtualTime.format(lastAnswerBefore)) + ", next "
                + VirtualTime.format(firstAnswerAfter) + ")";
    }
}
