package io.kagami.scenario.report;

import io.kagami.core.VirtualTime;
import java.math.BigDecimal;

/** Nanoseconds of virtual time as seconds: a bare number for tables meant for machines, with its unit for people. */
final class Seconds {
    private Seconds() {}

    /** "6.804687" (the unit is in the column's name); "" for null. */
    static String plain(Long nanos) {
        return nanos == null ? "" : BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    /** "6.804687s"; {@code none} for null. */
    static String human(Long nanos, String none) {
        return nanos == null ? none : VirtualTime.format(nanos);
    }
}
