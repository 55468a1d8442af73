package io.kagami.scenario.cli;

import io.kagami.core.VirtualTime;
import io.kagami.net.topology.HaRouter;
import io.kagami.scenario.builtin.KeepalivedFailover.Report;
import io.kagami.scenario.builtin.LogLine;
import io.kagami.scenario.builtin.Takeover;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/** The failover drill's report for a person at a terminal. */
final class FailoverText {
    private final PrintWriter out;

    FailoverText(PrintWriter out) {
        this.out = out;
    }

    void print(Report r) {
        HaRouter.Spec router = r.settings().router();
        out.printf("keepalived failover drill: VRRPv%d, advert_int %s, priorities %s, %s, HA network latency %s%n%n",
                router.version(), VirtualTime.formatDuration(router.advertInterval()),
                router.nodes().stream().map(n -> n.name() + "=" + n.priority()).collect(Collectors.joining(" ")),
                router.nopreempt() ? "nopreempt" : "preempt", VirtualTime.formatDuration(router.latency()));
        for (LogLine l : r.log()) {
            out.printf("  %-12s %-10s %s%n", VirtualTime.format(l.time()), l.node(), l.line());
        }
        out.println();
        out.printf("initial master  %s since %s (3 x advert_int + skew after start: %s)%n", r.initialMaster(),
                VirtualTime.format(r.masterSince()), VirtualTime.format(r.expectedElection()));
        out.printf("fault           %s of %s at %s%n", r.settings().fault().name().toLowerCase(), r.initialMaster(),
                VirtualTime.format(r.settings().faultAt()));
        if (r.takeover().isEmpty()) {
            out.printf("takeover        none before the end of the run at %s%n", VirtualTime.format(r.settings().until()));
            return;
        }
        Takeover t = r.takeover().get();
        out.printf("takeover        %s master at %s: %s after the fault%n", t.node(), VirtualTime.format(t.at()),
                VirtualTime.format(t.afterFault()));
        out.printf("                keepalived's bound %s .. %s (%s)%n", VirtualTime.format(t.lowerBound()),
                VirtualTime.format(t.upperBound()), t.withinBounds() ? "within" : "OUTSIDE");
    }
}
