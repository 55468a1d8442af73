package io.kagami.net.views;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpNetnsTest {
    @Test
    void newestFirstWithIdsInCreationOrder() {
        assertEquals("qdhcp-b (id: 2)\nqrouter-b (id: 1)\nqrouter-a (id: 0)\n",
                IpNetns.format(List.of("qrouter-a", "qrouter-b", "qdhcp-b")));
    }

    @Test
    void noNamespacesPrintNothing() {
        assertEquals("", IpNetns.format(List.of()));
    }
}
