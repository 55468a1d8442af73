package io.kagami.scenario.cli;

import io.kagami.core.VirtualTime;
import io.kagami.net.topology.CloudSpec;
import io.kagami.scenario.builtin.LogLine;
import io.kagami.scenario.builtin.SeedFailover;
import io.kagami.scenario.builtin.Takeover;
import java.io.PrintWriter;

/** The seed failover drill's report for a person at a terminal. */
final class SeedFailoverText {
    private final PrintWriter out;

    SeedFailoverText(PrintWriter out) {
        this.out = out;
    }

    void print(SeedFailover.Report r) {
        SeedFailover.Settings s = r.settings();
        CloudSpec.KeepalivedSettings k = s.spec().ha().keepalived();
        out.printf("seed deployment failover: %d servers, %d HA routers; VRRPv%d, advert_int %s, priority %d, %s%n",
                s.spec().servers().size(), s.spec().segments().size(), k.version(),
                VirtualTime.formatDuration(k.advertInterval()), k.priority(), k.nopreempt() ? "nopreempt" : "preempt");
        out.printf("SSH from the client (%s) to every floating IP from %s; %s of %s at %s%n%n", "203.0.113.10",
                VirtualTime.format(s.sessionAt()), s.fault().name().toLowerCase(), r.failedNode(),
                VirtualTime.format(s.faultAt()));
        for (LogLine l : r.log()) {
            out.printf("  %-14s %-10s %s%n", VirtualTime.format(l.time()), l.node(), l.line());
        }
        out.println();
        out.printf("%-9s %-27s %-56s %s%n", "router", "master before the fault", "takeover (keepalived's bound)",
                "SSH outage");
        for (SeedFailover.RouterResult rr : r.routers()) {
            String before = rr.master() + " since " + VirtualTime.format(rr.masterSince());
            String takeover;
            if (!rr.affected()) {
                takeover = "not affected";
            } else if (rr.takeover().isEmpty()) {
                takeover = "NONE before " + VirtualTime.format(s.until());
            } else {
                Takeover t = rr.takeover().get();
                takeover = t.node() + " after " + VirtualTime.format(t.afterFault()) + " ("
                        + VirtualTime.format(t.lowerBound()) + ".." + VirtualTime.format(t.upperBound()) + " "
                        + (t.withinBounds() ? "ok" : "OUTSIDE") + ")";
            }
            String outage = rr.sessionBroken() ? "session broken"
                    : !rr.outage().recovered() ? "not recovered"
                    : rr.affected() ? VirtualTime.format(rr.outage().duration()) : "none";
            out.printf("%-9s %-27s %-56s %s%n", rr.router(), before, takeover, outage);
        }
    }
}
