package io.kagami.net.ovs;

import io.kagami.net.packet.EthernetFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * One packet's trip through a bridge's OpenFlow pipeline, from table 0 (OVS's {@code xlate_actions}):
 * each table's winning flow counts the packet and runs its actions on the packet's current state (frame,
 * tunnel key). The result is the list of outputs and of flows to learn, which the bridge then carries
 * out, as OVS composes datapath actions before executing them and installs learned flows after the
 * translation. A miss in table 0 drops the packet (OpenFlow 1.3's table-miss, and a bridge in
 * fail_mode secure sends nothing to a controller); a resubmit that misses does nothing. A resubmit chain
 * deeper than OVS's 64 is a translation error: the whole packet is dropped.
 */
final class Translation {

    /**
     * A copy of the packet leaving on a port, with the tunnel key it then has; {@code taken} if NORMAL
     * found the port's peer by its filter's key ({@link NormalSwitch.Out}).
     */
    record Emit(int port, EthernetFrame frame, long tunId, boolean taken) {}

    /** OVS's {@code MAX_DEPTH} of nested resubmits. */
    private static final int MAX_DEPTH = 64;

    private final FlowTables tables;
    private final NormalSwitch normal;
    private long now;
    private int inPort;
    private int bytes;
    private EthernetFrame frame;
    private long tunId;
    private int depth;
    private boolean tooDeep;
    /**
     * The packet's key as it stands, and whether an action changed the packet since it was extracted:
     * a resubmit after a resubmit that changed nothing looks the next table up with the same key.
     */
    private final FieldValues key = FieldValues.probe();
    private boolean keyStale;
    private final List<Emit> emits = new ArrayList<>();
    private final List<FlowRule> learned = new ArrayList<>();
    /** Where NORMAL's outputs go: the emits, with the tunnel key the packet has then. */
    private final NormalSwitch.Out normalOut = (port, out, taken) -> emits.add(new Emit(port, out, tunId, taken));

    /**
     * The bridge's one translation, run for each packet in turn: its lists and key are reused, since a
     * bridge handles its packets one at a time and carries out each result before the next.
     */
    Translation(FlowTables tables, NormalSwitch normal) {
        this.tables = tables;
        this.normal = normal;
    }

    /**
     * Translates a packet of {@code bytes} (as received, which every flow it hits counts) entering on
     * {@code inPort} with tunnel key {@code tunId} (0 off a tunnel). The result ({@link #emits},
     * {@link #learned}) holds until the next run.
     */
    void run(long now, int inPort, long tunId, EthernetFrame frame, int bytes) {
        this.now = now;
        this.inPort = inPort;
        this.tunId = tunId;
        this.frame = frame;
        this.bytes = bytes;
        depth = 0;
        tooDeep = false;
        keyStale = true;
        emits.clear();
        learned.clear();
        resubmit(0);
    }

    List<Emit> emits() {
        return tooDeep ? List.of() : emits;
    }

    List<FlowRule> learned() {
        return tooDeep ? List.of() : learned;
    }

    int inPort() {
        return inPort;
    }

    EthernetFrame frame() {
        return frame;
    }

    void setFrame(EthernetFrame f) {
        frame = f;
        keyStale = true;
    }

    long tunId() {
        return tunId;
    }

    void setTunId(long id) {
        tunId = id;
        keyStale = true;
    }

    void resubmit(int table) {
        if (tooDeep) {
            return;
        }
        if (depth == MAX_DEPTH) {
            tooDeep = true;
            return;
        }
        if (keyStale) {
            key.setExtracted(inPort, tunId, frame);
            keyStale = false;
        }
        FlowTables.Entry hit = tables.lookup(table, key, now);
        if (hit == null) {
            return;
        }
        hit.hit(bytes, now);
        depth++;
        List<Action> actions = hit.rule().actions();
        for (int i = 0; i < actions.size(); i++) { // indexed: an iterator per flow hit was a tenth of the garbage
            actions.get(i).execute(this);
        }
        depth--;
    }

    void output(int port) {
        if (port != inPort) {
            emits.add(new Emit(port, frame, tunId, false));
        }
    }

    void normal() {
        normal.forward(inPort, frame, now, normalOut);
    }

    void learn(FlowRule rule) {
        learned.add(rule);
    }
}
