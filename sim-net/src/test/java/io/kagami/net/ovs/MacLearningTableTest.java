package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
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

    /**
     * Thousands of random learns, moves, lookups and flushes on a small table, against the plainest
     * model of the same rules: one list, least recently seen first. Whatever bookkeeping the table
     * keeps (its LRU lists, the busiest port ranked only when a port must be picked), it holds the
     * same entries.
     */
    @Test
    void agreesWithAPlainListUnderChurn() {
        SplittableRandom random = new SplittableRandom(11);
        int capacity = 16;
        long aging = 50 * SECOND;
        MacLearningTable fdb = new MacLearningTable(capacity, aging);
        PlainFdb plain = new PlainFdb(capacity, aging);
        long now = 0;
        for (int step = 0; step < 20_000; step++) {
            now += random.nextInt(3) * SECOND / 2;
            MacAddress mac = mac(random.nextInt(40));
            int vlan = 1 + random.nextInt(2);
            int op = random.nextInt(20);
            if (op == 0) {
                int port = 1 + random.nextInt(5);
                fdb.flushPort(port);
                plain.flushPort(port);
            } else if (op < 4) {
                assertEquals(plain.lookup(mac, vlan, now), fdb.lookup(mac, vlan, now), "lookup at step " + step);
            } else {
                int port = 1 + random.nextInt(random.nextInt(4) == 0 ? 5 : 2); // ports 1 and 2 the busiest
                fdb.learn(mac, vlan, port, now);
                plain.learn(mac, vlan, port, now);
            }
            assertEquals(plain.entries(now), fdb.entries(now), "entries at step " + step);
        }
    }

    /** The rules of {@link MacLearningTable} on one list, least recently seen first. */
    private static final class PlainFdb {
        private record Learned(MacAddress mac, int vlan, int port, long lastSeen) {}

        private final int capacity;
        private final long aging;
        private final List<Learned> lru = new ArrayList<>();

        PlainFdb(int capacity, long aging) {
            this.capacity = capacity;
            this.aging = aging;
        }

        void learn(MacAddress mac, int vlan, int port, long now) {
            Learned known = find(mac, vlan);
            if (known != null) {
                lru.remove(known);
                if (now >= known.lastSeen() + aging) {
                    known = null;
                }
            }
            if (known == null) {
                lru.removeIf(e -> now >= e.lastSeen() + aging);
                if (lru.size() >= capacity) {
                    int busiest = lru.stream().map(Learned::port).distinct()
                            .max(Comparator.<Integer>comparingLong(p -> lru.stream().filter(e -> e.port() == p).count())
                                    .thenComparing(Comparator.<Integer>reverseOrder()))
                            .orElseThrow();
                    lru.remove(lru.stream().filter(e -> e.port() == busiest).findFirst().orElseThrow());
                }
            }
            lru.add(new Learned(mac, vlan, port, now));
        }

        OptionalInt lookup(MacAddress mac, int vlan, long now) {
            Learned known = find(mac, vlan);
            if (known == null) {
                return OptionalInt.empty();
            }
            if (now >= known.lastSeen() + aging) {
                lru.remove(known);
                return OptionalInt.empty();
            }
            return OptionalInt.of(known.port());
        }

        void flushPort(int port) {
            lru.removeIf(e -> e.port() == port);
        }

        List<FdbEntry> entries(long now) {
            lru.removeIf(e -> now >= e.lastSeen() + aging);
            return lru.stream().map(e -> new FdbEntry(e.port(), e.vlan(), e.mac(), now - e.lastSeen()))
                    .sorted(Comparator.comparingInt(FdbEntry::vlan).thenComparing(FdbEntry::mac)).toList();
        }

        private Learned find(MacAddress mac, int vlan) {
            return lru.stream().filter(e -> e.mac().equals(mac) && e.vlan() == vlan).findFirst().orElse(null);
        }
    }
}
