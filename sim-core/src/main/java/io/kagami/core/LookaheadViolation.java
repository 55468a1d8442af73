package io.kagami.core;

/**
 * A message between two groups with less delay than their declared lookahead: the conservative
 * synchronisation could not keep its promise, so the send is refused.
 */
public final class LookaheadViolation extends RuntimeException {
    LookaheadViolation(String message) {
        super(message);
    }
}
