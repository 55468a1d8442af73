package io.kagami.net.neutron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.net.neutron.NeutronServer.AgentRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentListViewTest {
    @Test
    void rendersTheOpenstackClientsTable() {
        String id7 = AgentListView.agentId("network-7");
        String id8 = AgentListView.agentId("network-8");
        String expected = String.join("\n",
                "+--------------------------------------+------------+-----------+-------------------+-------+-------+------------------+----------+",
                "| ID                                   | Agent Type | Host      | Availability Zone | Alive | State | Binary           | HA State |",
                "+--------------------------------------+------------+-----------+-------------------+-------+-------+------------------+----------+",
                "| " + id7 + " | L3 agent   | network-7 | nova              | :-)   | UP    | neutron-l3-agent | active   |",
                "| " + id8 + " | L3 agent   | network-8 | nova              | XXX   | UP    | neutron-l3-agent | standby  |",
                "+--------------------------------------+------------+-----------+-------------------+-------+-------+------------------+----------+",
                "");
        assertEquals(expected, AgentListView.render(List.of(new AgentRow("network-7", true, "active"),
                new AgentRow("network-8", false, "standby"))));
        assertEquals(36, id7.length());
        assertEquals(id7, AgentListView.agentId("network-7"), "stable across calls");
    }
}
