package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.MacAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** NORMAL's FDB: per-VLAN entries, moves, 300 s aging and OVS's fair eviction at 8192 entries. */
class MacLearningTableTest {
    private static final long SECOND = VirtualTime.SECOND;
    private static final MacAddress A = MacAddress.parse("fa:16:3e:00:00:0a");
    private static final MacAddress B = MacAddress.parse("fa:16:3e:00:00:0b");

    private static MacAddress mac(int n) {
        return new MacAddress(0xfa163e000000L + n);
    }

    @Test
    void entriesAreKeyedByMacAndVlan() {
        MacLearningTable fdb = new MacLearningTable();
        fdb.learn(A, 1, 3, 0);
        fdb.learn(A, 2, 4, 0);
        assertEquals(OptionalInt.of(3), fdb.lookup(A, 1, SECOND));
        assertEquals(OptionalInt.of(4), fdb.lookup(A, 2, SECOND));
        assertEquals(OptionalInt.empty(), fdb.lookup(A, 5, SECOND));
        assertEquals(OptionalInt.empty(), fdb.lookup(B, 1, SECOND));
    }

    @Test
    void aFrameOnAnotherPortMovesTheEntryAtOnce() {
        MacLearningTable fdb = new MacLearningTable();
        fdb.learn(A, 1, 3, 0);
        fdb.learn(A, 1, 7, SECOND);
        assertEquals(OptionalInt.of(7), fdb.lookup(A, 1, SECOND));
        assertEquals(List.of(new FdbEntry(7, 1, A, SECOND)), fdb.entries(2 * SECOND));
    }

    @Test
    void anEntryAgesOut300SecondsAfterTheLastFrame() {
        MacLearningTable fdb = new MacLearningTable();
        fdb.learn(A, 1, 3, 0);
        fdb.learn(A, 1, 3, 100 * SECOND);
        assertEquals(OptionalInt.of(3), fdb.lookup(A, 1, 400 * SECOND - 1));
        assertEquals(OptionalInt.empty(), fdb.lookup(A, 1, 400 * SECOND));
        assertEquals(List.of(), fdb.entries(400 * SECOND));
    }

    @Test
    void whenFullTheBusiestPortLosesItsOldestEntryNotTheGloballyOldest() {
        MacLearningTable fdb = new MacLearningTable();
        for (int i = 0; i < 10; i++) {
            fdb.learn(mac(i), 1, 2, 0);
        }
        for (int i = 10; i < MacLearningTable.DEFAULT_CAPACITY; i++) {
            fdb.learn(mac(i), 1, 1, SECOND);
        }
        fdb.learn(mac(100_000), 1, 3, 2 * SECOND);

        List<FdbEntry> entries = fdb.entries(3 * SECOND);
        assertEquals(8192, entries.size());
        assertEquals(OptionalInt.empty(), fdb.lookup(mac(10), 1, 3 * SECOND), "port 1's oldest MAC is evicted");
        assertEquals(OptionalInt.of(2), fdb.lookup(mac(0), 1, 3 * SECOND), "port 2's older MACs stay");
        assertEquals(OptionalInt.of(3), fdb.lookup(mac(100_000), 1, 3 * SECOND));
    }

    @Test
    void aRefreshedEntryIsNotTheOneEvicted() {
        MacLearningTable fdb = new MacLearningTable(2, 300 * SECOND);
        fdb.learn(A, 1, 1, 0);
        fdb.learn(B, 1, 1, SECOND);
        fdb.learn(A, 1, 1, 2 * SECOND);
        fdb.learn(mac(1), 1, 1, 3 * SECOND);
        assertEquals(OptionalInt.of(1), fdb.lookup(A, 1, 3 * SECOND));
        assertEquals(OptionalInt.empty(), fdb.lookup(B, 1, 3 * SECOND));
    }

    @Test
    void aFullTableMakesRoomFromAgedEntriesBeforeEvicting() {
        MacLearningTable fdb = new MacLearningTable(2, 300 * SECOND);
        fdb.learn(A, 1, 1, 0);
        fdb.learn(B, 1, 2, 200 * SECOND);
        fdb.learn(mac(1), 1, 2, 301 * SECOND);
        assertEquals(OptionalInt.of(2), fdb.lookup(B, 1, 301 * SECOND));
        assertEquals(OptionalInt.of(2), fdb.lookup(mac(1), 1, 301 * SECOND));
    }

    @Test
    void flushingAPortForgetsOnlyItsMacs() {
        MacLearningTable fdb = new MacLearningTable();
        fdb.learn(A, 1, 3, 0);
        fdb.learn(B, 1, 4, 0);
        fdb.flushPort(3);
        assertEquals(OptionalInt.empty(), fdb.lookup(A, 1, 0));
        assertEquals(OptionalInt.of(4), fdb.lookup(B, 1, 0));
        assertTrue(fdb.entries(0).stream().allMatch(e -> e.port() == 4));
    }
}
