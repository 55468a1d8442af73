package io.kagami.core;

/**
 * A message that gives the trace digest a hash of its content directly. Without it the digest
 * hashes the message's {@code toString()}, which is stable across JVMs but costly for a packet
 * formatted at every hop. The hash must depend on the content only (never on identity hash codes,
 * as an enum's or a plain object's {@code hashCode} does), so that every JVM computes the same:
 * a test that compares digests across processes catches one that does not.
 */
public interface Digestible {

    int traceHash();
}
