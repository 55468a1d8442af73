package io.kagami.scenario.result;

/**
 * One segment (its router, networks and VMs) in one run.
 *
 * @param segment       the segment's name ("80")
 * @param router        its router's name
 * @param masterBefore  the node its router was master on before the first fault, or null
 * @param masterAfter   the node it is master on at the end, or null (none, or several)
 * @param affected      whether a fault hit the router's master
 * @param takeoverNs    from the fault that hit its master to a new master, or null
 * @param outageNs      from its probe's last answer before that fault to its first after, or null
 * @param probesSent    probes sent over the run
 * @param probesLost    probes lost over the run (pings unanswered; keystrokes retransmitted)
 * @param splitBrainNs  how long more than one of its instances were master at once (after start-up)
 * @param agentReportNs from the fault to neutron-server storing the new master as active, or null
 * @param flowsBroken   TCP sessions of its probes that ended (reset or timed out)
 * @param convergedAtNs when its probe answered again after the fault, or null
 */
public record SegmentResult(String segment, String router, String masterBefore, String masterAfter, boolean affected,
                            Long takeoverNs, Long outageNs, int probesSent, int probesLost, long splitBrainNs,
                            Long agentReportNs, int flowsBroken, Long convergedAtNs) {}
