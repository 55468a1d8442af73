package io.kagami.net.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ovs-ofctl dump-flows BRIDGE} as an operator sees it in a terminal with Open vSwitch 2.17
 * ({@code ofputil_flow_stats_format}): one line per flow, each starting with a space,
 * <pre> cookie=0x5e0c1f2a3b4c5d6e, duration=12.345s, table=4, n_packets=3, n_bytes=210, priority=1,tun_id=0xcb actions=mod_vlan_vid:3,resubmit(,10)</pre>
 * with the duration in milliseconds (no decimals on a whole second), timeouts only when set, the
 * priority omitted when it is OpenFlow's default 32768, ports by name (quoted unless alphanumeric), and
 * no {@code idle_age}, which the interactive form has not printed since OVS 2.8. Flows are listed by
 * table, then precedence, where OVS lists them in its classifier's order.
 */
public final class DumpFlows {

    private DumpFlows() {}

    public static String format(BridgeSnapshot snapshot) {
        Map<Integer, String> names = new HashMap<>();
        snapshot.ports().forEach(p -> names.put(p.port().ofport(), p.port().name()));
        PortNames ports = PortNames.of(names);
        StringBuilder out = new StringBuilder();
        snapshot.flows().forEach(f -> out.append(' ').append(line(f, ports)).append('\n'));
        return out.toString();
    }

    /** One flow with its statistics, without the leading space. */
    static String line(Flow flow, PortNames ports) {
        FlowRule rule = flow.rule();
        return "cookie=0x" + Long.toHexString(rule.cookie()) + ", duration=" + duration(flow.duration())
                + ", table=" + rule.table() + ", n_packets=" + flow.nPackets() + ", n_bytes=" + flow.nBytes() + ", "
                + timeoutsMatchActions(rule, ports);
    }

    /** A rule as {@code dump-flows --no-stats} prints it: cookie and table only when not zero. */
    static String line(FlowRule rule, PortNames ports) {
        return (rule.cookie() == 0 ? "" : "cookie=0x" + Long.toHexString(rule.cookie()) + ", ")
                + (rule.table() == 0 ? "" : "table=" + rule.table() + ", ")
                + timeoutsMatchActions(rule, ports);
    }

    private static String timeoutsMatchActions(FlowRule rule, PortNames ports) {
        StringBuilder s = new StringBuilder();
        if (rule.idleTimeout() != 0) {
            s.append("idle_timeout=").append(rule.idleTimeout()).append(", ");
        }
        if (rule.hardTimeout() != 0) {
            s.append("hard_timeout=").append(rule.hardTimeout()).append(", ");
        }
        List<String> match = new ArrayList<>(2);
        if (rule.priority() != FlowRule.DEFAULT_PRIORITY) {
            match.add("priority=" + rule.priority());
        }
        String fields = rule.match().format(ports);
        if (!fields.isEmpty()) {
            match.add(fields);
        }
        if (!match.isEmpty()) {
            s.append(String.join(",", match)).append(' ');
        }
        s.append("actions=");
        if (rule.actions().isEmpty()) {
            s.append("drop");
        } else {
            List<String> actions = new ArrayList<>(rule.actions().size());
            rule.actions().forEach(a -> actions.add(a.format(ports)));
            s.append(String.join(",", actions));
        }
        return s.toString();
    }

    /** OVS's {@code ofp_print_duration} with its millisecond clock: {@code 12.345s}, {@code 12s}. */
    private static String duration(long nanos) {
        long millis = nanos / 1_000_000;
        long fraction = millis % 1000;
        return millis / 1000 + (fraction == 0 ? "" : String.format(".%03d", fraction)) + "s";
    }
}
