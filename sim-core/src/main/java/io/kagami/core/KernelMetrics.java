package io.kagami.core;

import java.util.List;

/**
 * What the kernel did in a run: the metrics hook for capacity planning of the simulator itself.
 *
 * @param events             events handled (stale timers not counted)
 * @param eventsPerPartition the same, per partition
 * @param windows            synchronisation windows run
 * @param remoteMessages     messages that crossed from one partition to another
 * @param lookahead          the window's span from cross-partition lookahead ({@link VirtualTime#NEVER} if none)
 */
public record KernelMetrics(long events, List<Long> eventsPerPartition, long windows, long remoteMessages,
                            long lookahead) {}
