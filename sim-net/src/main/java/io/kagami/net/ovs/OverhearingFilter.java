package io.kagami.net.ovs;

import io.kagami.net.wire.ReceiveFilter;

/**
 * What a bridge behind a wired port only learns from ({@link ReceiveFilter#ignores}): frames whose one
 * effect there is that NORMAL learns their source MAC, on this bridge and on the ones behind it. A bridge
 * sending such a frame on the port does not post it, but keeps the account of it
 * ({@link OverheardStreams}), which the receiver's views add to its MAC tables ({@link OverheardLearning}).
 * A filter must be a pure function of the frame.
 */
public interface OverhearingFilter extends ReceiveFilter {}
