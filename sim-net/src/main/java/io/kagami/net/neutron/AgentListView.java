package io.kagami.net.neutron;

import io.kagami.net.neutron.NeutronServer.AgentRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code openstack network agent list --router R --long} as the OpenStack client prints it
 * (cliff's table: columns sized to their widest cell, {@code +---+} rules, left aligned). Agent
 * ids are name-based UUIDs of the host, so that they are stable across runs.
 */
public final class AgentListView {
    private static final List<String> HEADER = List.of("ID", "Agent Type", "Host", "Availability Zone", "Alive",
            "State", "Binary", "HA State");

    private AgentListView() {}

    public static String agentId(String host) {
        return UUID.nameUUIDFromBytes(("neutron-l3-agent@" + host).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static String render(List<AgentRow> agents) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (AgentRow a : agents) {
            rows.add(List.of(agentId(a.host()), "L3 agent", a.host(), "nova", a.alive() ? ":-)" : "XXX", "UP",
                    "neutron-l3-agent", a.haState()));
        }
        int[] width = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder out = new StringBuilder();
        out.append(rule).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int i = 0; i < width.length; i++) {
                String cell = rows.get(r).get(i);
                out.append(' ').append(cell).append(" ".repeat(width[i] - cell.length())).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append(rule).append('\n');
            }
        }
        out.append(rule).append('\n');
        return out.toString();
    }
}
