package io.kagami.core;

import java.util.List;

/**
 * The outcome of a run.
 *
 * @param endTime      the virtual time reached: the last event handled, or {@code until} if events remained
 * @param digest       a hash of every entity's handled events in order (hex); empty unless asked for.
 *                     Equal for equal model and seed, whatever the partitioning, threads or pacing
 * @param observations what entities recorded, ordered by (time, entity id, order of recording)
 * @param metrics      what the kernel did
 */
public record RunResult(long endTime, String digest, List<Observation> observations, KernelMetrics metrics) {}
