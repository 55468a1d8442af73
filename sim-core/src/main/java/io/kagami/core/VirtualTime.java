package io.kagami.core;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Virtual time: a {@code long} of nanoseconds since the start of a run. Nothing in a model reads
 * the wall clock; durations in files are strings with units ({@code 2s}, {@code 150ms},
 * {@code 10us}, {@code 5ns}, {@code 1m}).
 */
public final class VirtualTime {
    public static final long NANOSECOND = 1L;
    public static final long MICROSECOND = 1_000L;
    public static final long MILLISECOND = 1_000_000L;
    public static final long SECOND = 1_000_000_000L;
    public static final long MINUTE = 60 * SECOND;

    /** The end of time: a run with this horizon runs until no events are left. */
    public static final long NEVER = Long.MAX_VALUE;

    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");

    private VirtualTime() {}

    public static long seconds(double s) {
        return Math.round(s * SECOND);
    }

    public static long millis(long ms) {
        return ms * MILLISECOND;
    }

    public static long micros(long us) {
        return us * MICROSECOND;
    }

    /** {@code a + b}, saturating at {@link #NEVER} instead of overflowing. */
    public static long plus(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? NEVER : r;
    }

    /**
     * Parses a duration with a unit, exactly (no floating point): {@code 2s}, {@code 1.5s},
     * {@code 150ms}, {@code 10us}, {@code 5ns}, {@code 2m}, {@code 1h}.
     *
     * @throws IllegalArgumentException naming what is allowed, for anything else
     */
    public static long parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a number with a unit,"
                    + " one of ns, us, ms, s, m, h (for example 2s, 150ms, 10us)");
        }
        long unit = switch (m.group(2)) {
            case "ns" -> NANOSECOND;
            case "us" -> MICROSECOND;
            case "ms" -> MILLISECOND;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            default -> 60 * MINUTE;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        try {
            return nanos.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of nanoseconds or is too large");
        }
    }

    /**
     * A duration as written in files: seconds from one second up ({@code 2s}, {@code 1.5s}), else
     * the largest unit that shows it whole ({@code 150ms}, {@code 200us}, {@code 7ns}).
     */
    public static String formatDuration(long nanos) {
        if (nanos == 0 || nanos >= SECOND) {
            return format(nanos);
        }
        if (nanos % MILLISECOND == 0) {
            return nanos / MILLISECOND + "ms";
        }
        return nanos % MICROSECOND == 0 ? nanos / MICROSECOND + "us" : nanos + "ns";
    }

    /** Seconds with nanosecond precision and trailing zeros trimmed: {@code 6.804687s}, {@code 0s}. */
    public static String format(long nanos) {
        if (nanos == NEVER) {
            return "never";
        }
        BigDecimal s = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return s.toPlainString() + "s";
    }
}
