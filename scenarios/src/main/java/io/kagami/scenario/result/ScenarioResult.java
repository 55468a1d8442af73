package io.kagami.scenario.result;

import java.util.List;
import java.util.Map;

/**
 * Everything one run of a scenario measured: per segment, distributions across segments, the
 * timeline of faults and state changes, per-node load over time, and the assertions with their
 * verdicts. Times and durations are nanoseconds of virtual time; {@code null} means "did not
 * happen" (no takeover, no recovery).
 *
 * @param scenario        the scenario's name
 * @param description     its description
 * @param seed            the seed it ran with
 * @param duration        the virtual time it ran for
 * @param parameters      the sweep point (parameter path to value), empty outside a sweep
 * @param segments        one result per segment, in the topology's order
 * @param distributions   by measurement name (takeover, outage, probes_lost, split_brain, agent_report)
 * @param lastConvergedAt when the last affected segment converged (its probe answered again), or null
 * @param timeline        faults and VRRP state changes, in time order
 * @param nodeLoad        per network node, sampled every second
 * @param assertions      each assertion with its verdict
 * @param digest          the run's trace digest (equal for equal scenario and seed)
 * @param events          events the kernel handled
 */
public record ScenarioResult(String scenario, String description, long seed, long duration,
                             Map<String, Object> parameters, List<SegmentResult> segments,
                             Map<String, Distribution> distributions, Long lastConvergedAt,
                             List<TimelineEvent> timeline, List<NodeLoad> nodeLoad,
                             List<AssertionResult> assertions, String digest, long events) {

    public boolean passed() {
        return assertions.stream().allMatch(AssertionResult::passed);
    }
}
