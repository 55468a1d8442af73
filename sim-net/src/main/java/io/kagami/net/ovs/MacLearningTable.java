package io.kagami.net.ovs;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The forwarding database of OVS's NORMAL action ({@code lib/mac-learning.c}): the port each (MAC, VLAN)
 * was last seen on. A frame from a known MAC on another port moves the entry at once; an entry expires
 * {@link #DEFAULT_AGING 300 s} after the last frame from its MAC ({@code mac-aging-time}). When the table
 * is full ({@link #DEFAULT_CAPACITY 8192} entries, {@code mac-table-size}), a new MAC evicts the least
 * recently used entry <em>of the port that has the most entries</em>, not the globally oldest one: OVS's
 * {@code evict_mac_entry_fairly} since 2.5, so that one port flooding with random MACs cannot push out
 * everyone else's. Ties between ports go to the lowest port number (OVS takes any of them).
 *
 * <p>Left out: static entries, the 5 s lock after a gratuitous ARP on a bond, per-VLAN learning switches,
 * and OVS's whole-second clock (ages here are exact).
 */
public final class MacLearningTable {

    public static final int DEFAULT_CAPACITY = 8192;
    public static final long DEFAULT_AGING = 300 * VirtualTime.SECOND;

    /** A (MAC, VLAN) pair, packed: the MAC's 48 bits above the VLAN's 12. */
    private static final class Key {
        final long packed;

        Key(MacAddress mac, int vlan) {
            this.packed = mac.bits() << 12 | vlan;
        }

        MacAddress mac() {
            return new MacAddress(packed >>> 12);
        }

        int vlan() {
            return (int) (packed & 0xFFF);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.packed == packed;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(packed * 0x9E3779B97F4A7C15L);
        }
    }

    /** An entry, linked into two least-recently-seen orders: the table's and its port's. */
    private static final class Entry {
        final Key key;
        long lastSeen;
        Entry older;
        Entry newer;
        Entry olderOnPort;
        Entry newerOnPort;
        /** Its port's list, which says the port. */
        PortEntries onPort;

        Entry(Key key, long lastSeen) {
            this.key = key;
            this.lastSeen = lastSeen;
        }
    }

    /** A port's entries, least recently seen first. */
    private static final class PortEntries {
        final int port;
        Entry oldest;
        Entry newest;
        int size;
        /** Its key in {@link #busiest} (-1: not there), which may lag behind {@link #size} while it is {@link #dirty}. */
        long ranked = -1;
        boolean dirty;

        PortEntries(int port) {
            this.port = port;
        }
    }

    private final int capacity;
    private final long aging;
    private final Map<Key, Entry> entries = new HashMap<>();
    /** Every entry, least recently seen first (a refresh moves it to the end): aging expires from the head. */
    private Entry oldest;
    private Entry newest;
    private final Map<Integer, PortEntries> byPort = new HashMap<>();
    /**
     * The ports with entries, the busiest first, then by number: (MAX - size) << 32 | port. Brought up to
     * date only when a port must be picked: a full table evicts from and learns on the same port at
     * every frame, which leaves its size, and so the order, as it was.
     */
    private final TreeSet<Long> busiest = new TreeSet<>();
    /** The first of {@link #busiest}, or -1 when it has changed since it was read. */
    private long busiestFirst = -1;
    /** The ports whose size changed since {@link #busiest} was last brought up to date. */
    private final List<PortEntries> dirty = new ArrayList<>();

    /** A table of OVS's default size and aging. */
    public MacLearningTable() {
        this(DEFAULT_CAPACITY, DEFAULT_AGING);
    }

    public MacLearningTable(int capacity, long aging) {
        if (capacity < 1) {
            throw new IllegalArgumentException("MAC table capacity must be >= 1, got " + capacity);
        }
        if (aging <= 0) {
            throw new IllegalArgumentException("MAC aging time must be > 0ns, got " + aging);
        }
        this.capacity = capacity;
        this.aging = aging;
    }

    /** Records that {@code mac} was seen in {@code vlan} on {@code port} at {@code now}. */
    public void learn(MacAddress mac, int vlan, int port, long now) {
        Key key = new Key(mac, vlan);
        Entry e = entries.get(key);
        if (e != null && expired(e, now)) {
            remove(e);
            e = null;
        }
        if (e != null && e.onPort.port == port) { // seen again where it was: only its place in the two LRU orders moves
            e.lastSeen = now;
            unlink(e);
            link(e);
            unlinkFromPort(e.onPort, e);
            linkToPort(e.onPort, e);
            return;
        }
        if (e == null) {
            expireAll(now);
            if (entries.size() >= capacity) {
                evictFairly();
            }
            e = new Entry(key, now);
        } else {
            remove(e);
            e.lastSeen = now;
        }
        entries.put(key, e);
        link(e);
        attach(e, port);
    }

    /** The port {@code mac} was last seen on in {@code vlan}, unless unknown or aged out. */
    public OptionalInt lookup(MacAddress mac, int vlan, long now) {
        Entry e = entries.get(new Key(mac, vlan));
        if (e == null) {
            return OptionalInt.empty();
        }
        if (expired(e, now)) {
            remove(e);
            return OptionalInt.empty();
        }
        return OptionalInt.of(e.onPort.port);
    }

    /** Forgets every MAC learned on {@code port}, as OVS does when a port is removed or its VLAN changes. */
    public void flushPort(int port) {
        PortEntries gone = byPort.remove(port);
        if (gone != null) {
            if (gone.ranked != -1) {
                busiest.remove(gone.ranked);
                busiestFirst = -1;
                gone.ranked = -1;
            }
            for (Entry e = gone.oldest; e != null; e = e.newerOnPort) {
                entries.remove(e.key);
                unlink(e);
            }
            gone.size = 0;
        }
    }

    /** The live entries at {@code now}, by VLAN, then MAC. */
    public List<FdbEntry> entries(long now) {
        expireAll(now);
        List<FdbEntry> list = new ArrayList<>(entries.size());
        for (Entry e = oldest; e != null; e = e.newer) {
            list.add(new FdbEntry(e.onPort.port, e.key.vlan(), e.key.mac(), now - e.lastSeen));
        }
        list.sort(Comparator.comparingInt(FdbEntry::vlan).thenComparing(FdbEntry::mac));
        return list;
    }

    private boolean expired(Entry e, long now) {
        return now >= e.lastSeen + aging;
    }

    /** Drops every aged-out entry: the table is oldest first, so only its head needs looking at. */
    private void expireAll(long now) {
        while (oldest != null && expired(oldest, now)) {
            remove(oldest);
        }
    }

    private void evictFairly() {
        rankDirtyPorts();
        if (busiestFirst == -1) {
            busiestFirst = busiest.first();
        }
        remove(byPort.get((int) busiestFirst).oldest);
    }

    /** Brings {@link #busiest} up to date with the sizes of the ports changed since, and forgets the empty ones. */
    private void rankDirtyPorts() {
        for (PortEntries p : dirty) {
            long rank = p.size == 0 ? -1 : rank(p.port, p.size);
            if (rank != p.ranked) {
                busiestFirst = -1;
                if (p.ranked != -1) {
                    busiest.remove(p.ranked);
                }
                if (rank != -1) {
                    busiest.add(rank);
                }
                p.ranked = rank;
            }
            if (p.size == 0 && byPort.get(p.port) == p) {
                byPort.remove(p.port);
            }
            p.dirty = false;
        }
        dirty.clear();
    }

    private void changed(PortEntries p) {
        if (!p.dirty) {
            p.dirty = true;
            dirty.add(p);
        }
    }

    private void remove(Entry e) {
        entries.remove(e.key);
        unlink(e);
        detach(e);
    }

    /** Puts {@code e} last in the table's order. */
    private void link(Entry e) {
        e.older = newest;
        e.newer = null;
        if (newest == null) {
            oldest = e;
        } else {
            newest.newer = e;
        }
        newest = e;
    }

    /** Takes {@code e} out of the table's order. */
    private void unlink(Entry e) {
        if (e.older == null) {
            oldest = e.newer;
        } else {
            e.older.newer = e.newer;
        }
        if (e.newer == null) {
            newest = e.older;
        } else {
            e.newer.older = e.older;
        }
    }

    /** Puts {@code e} last on the list of {@code port}. */
    private void attach(Entry e, int port) {
        PortEntries onPort = byPort.computeIfAbsent(port, PortEntries::new);
        e.onPort = onPort;
        linkToPort(onPort, e);
        changed(onPort);
    }

    /** Takes {@code e} off its port's list (an emptied port stays known until {@link #rankDirtyPorts}). */
    private void detach(Entry e) {
        PortEntries onPort = e.onPort;
        unlinkFromPort(onPort, e);
        changed(onPort);
    }

    private static void linkToPort(PortEntries onPort, Entry e) {
        e.olderOnPort = onPort.newest;
        e.newerOnPort = null;
        if (onPort.newest == null) {
            onPort.oldest = e;
        } else {
            onPort.newest.newerOnPort = e;
        }
        onPort.newest = e;
        onPort.size++;
    }

    private static void unlinkFromPort(PortEntries onPort, Entry e) {
        if (e.olderOnPort == null) {
            onPort.oldest = e.newerOnPort;
        } else {
            e.olderOnPort.newerOnPort = e.newerOnPort;
        }
        if (e.newerOnPort == null) {
            onPort.newest = e.olderOnPort;
        } else {
            e.newerOnPort.olderOnPort = e.olderOnPort;
        }
        onPort.size--;
    }

    /** The order of {@link #busiest}: more entries first, then the lower port number. */
    private static long rank(int port, int size) {
        return (long) (Integer.MAX_VALUE - size) << 32 | (port & 0xffffffffL);
    }
}
