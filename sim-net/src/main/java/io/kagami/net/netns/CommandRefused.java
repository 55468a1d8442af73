package io.kagami.net.netns;

/**
 * A {@link NamespaceCommand} the kernel refused, recorded as an observation with the message
 * iproute2 prints for it (for example {@code RTNETLINK answers: File exists}).
 */
public record CommandRefused(String namespace, NamespaceCommand command, String error) {}
