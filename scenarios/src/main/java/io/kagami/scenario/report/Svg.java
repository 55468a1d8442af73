package io.kagami.scenario.report;

import io.kagami.core.VirtualTime;
import java.util.Locale;

/** Small pieces shared by the report's inline SVG charts. */
final class Svg {
    private Svg() {}

    /** A coordinate with one decimal, the same on every machine. */
    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The smallest of 1, 2, 5 times a power of ten nanoseconds (or counts) that is at least {@code raw}. */
    static long niceStep(double raw) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * step >= raw) {
                    return m * step;
                }
            }
            if (step > Long.MAX_VALUE / 100) {
                return step * 10;
            }
            step *= 10;
        }
    }

    /** Ticks of a time axis from 0 to {@code end}, about {@code target} of them, at round seconds or fractions. */
    static long tickStep(long end, int target) {
        return niceStep(Math.max(1.0, (double) end / target));
    }

    static String time(long nanos) {
        return VirtualTime.format(nanos);
    }

    static String text(double x, double y, String anchor, String cls, String content) {
        return "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\"" + (anchor == null ? "" : " text-anchor=\"" + anchor + "\"")
                + (cls == null ? "" : " class=\"" + cls + "\"") + ">" + Markup.html(content) + "</text>";
    }

    static String line(double x1, double y1, double x2, double y2, String cls) {
        return "<line x1=\"" + n(x1) + "\" y1=\"" + n(y1) + "\" x2=\"" + n(x2) + "\" y2=\"" + n(y2) + "\" class=\""
                + cls + "\"/>";
    }
}
