package io.kagami.scenario.result;

/** Something that happened: a fault injected, or a VRRP state change on a node ("(VR_1) Entering MASTER STATE"). */
public record TimelineEvent(long time, String node, String kind, String text) {
    public static final String FAULT = "fault";
    public static final String STATE = "state";
}
