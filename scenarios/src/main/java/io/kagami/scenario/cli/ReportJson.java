package io.kagami.scenario.cli;

import io.kagami.net.apps.Outage;
import io.kagami.scenario.builtin.LogLine;
import io.kagami.scenario.builtin.Takeover;
import io.kagami.scenario.builtin.KeepalivedFailover;
import io.kagami.scenario.builtin.SeedFailover;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The drills' reports as JSON trees; times are integers of nanoseconds, named *_ns. */
final class ReportJson {
    private ReportJson() {}

    /** A map in the order given: JSON output must not depend on hash order (Map.of's varies per JVM). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static Map<String, Object> of(KeepalivedFailover.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        KeepalivedFailover.Settings s = r.settings();
        m.put("scenario", "keepalived-pair");
        m.put("vrrp_version", s.router().version());
        m.put("advert_int_ns", s.router().advertInterval());
        m.put("nopreempt", s.router().nopreempt());
        m.put("seed", s.seed());
        m.put("initial_master", ordered("node", r.initialMaster(), "since_ns", r.masterSince(),
                "expected_election_ns", r.expectedElection()));
        m.put("fault", ordered("kind", s.fault().name().toLowerCase(), "node", r.initialMaster(), "at_ns", s.faultAt()));
        m.put("takeover", r.takeover().map(ReportJson::takeover).orElse(null));
        m.put("log", log(r.log()));
        m.put("trace_digest", r.digest());
        return m;
    }

    static Map<String, Object> of(SeedFailover.Report r) {
        SeedFailover.Settings s = r.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", "seed-failover");
        var k = s.spec().ha().keepalived();
        m.put("vrrp_version", k.version());
        m.put("advert_int_ns", k.advertInterval());
        m.put("nopreempt", k.nopreempt());
        m.put("seed", s.seed());
        m.put("fault", ordered("kind", s.fault().name().toLowerCase(), "node", r.failedNode(), "at_ns", s.faultAt()));
        List<Map<String, Object>> routers = new ArrayList<>();
        for (SeedFailover.RouterResult rr : r.routers()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("router", rr.router());
            x.put("vrid", rr.vrid());
            x.put("master", rr.master());
            x.put("master_since_ns", rr.masterSince());
            x.put("affected", rr.affected());
            x.put("takeover", rr.takeover().map(ReportJson::takeover).orElse(null));
            Outage o = rr.outage();
            x.put("ssh_outage_ns", o.recovered() ? o.duration() : null);
            x.put("ssh_session_broken", rr.sessionBroken());
            routers.add(x);
        }
        m.put("routers", routers);
        m.put("log", log(r.log()));
        m.put("trace_digest", r.digest());
        return m;
    }

    private static Map<String, Object> takeover(Takeover t) {
        return ordered("node", t.node(), "at_ns", t.at(), "after_fault_ns", t.afterFault(), "bound_low_ns",
                t.lowerBound(), "bound_high_ns", t.upperBound(), "within_bounds", t.withinBounds());
    }

    private static List<Map<String, Object>> log(List<LogLine> lines) {
        List<Map<String, Object>> log = new ArrayList<>();
        lines.forEach(l -> log.add(ordered("time_ns", l.time(), "node", l.node(), "line", l.line())));
        return log;
    }
}
