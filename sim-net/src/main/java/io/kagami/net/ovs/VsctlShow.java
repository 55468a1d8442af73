package io.kagami.net.ovs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code ovs-vsctl show} for one host, from its bridges' snapshots, laid out as OVS's
 * {@code cmd_show} does (four spaces per level; strings quoted when OVSDB would quote them):
 * <pre>
 * 0c3e...-...
 *     Manager "ptcp:6640:127.0.0.1"
 *         is_connected: true
 *     Bridge br-tun
 *         Controller "tcp:127.0.0.1:6633"
 *             is_connected: true
 *         fail_mode: secure
 *         datapath_type: system
 *         Port patch-int
 *             Interface patch-int
 *                 type: patch
 *                 options: {peer=patch-tun}
 *     ovs_version: "2.17.9"
 * </pre>
 * The manager is the one Neutron's agent sets for its OVSDB connection, the controller its OpenFlow
 * listener ({@code of_listen_address:of_listen_port}); both are shown connected. Each bridge lists its
 * LOCAL internal port, named as the bridge. The Open_vSwitch row's UUID is derived from the host name;
 * bridges and ports are sorted by name, where OVS sorts them by UUID. The version is Open vSwitch 2.17,
 * the long-term release of the Neutron generation whose table layout {@link NeutronFlows} follows.
 */
public final class VsctlShow {

    public static final String OVS_VERSION = "2.17.9";
    private static final String MANAGER = "ptcp:6640:127.0.0.1";
    private static final String CONTROLLER = "tcp:127.0.0.1:6633";
    private static final Pattern BARE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    /** A Port row with its one Interface, the bridge's LOCAL port included. */
    private record PortRow(String name, OptionalInt tag, OvsPort.Interface iface) {}

    private VsctlShow() {}

    public static String format(String host, List<BridgeSnapshot> bridges) {
        StringBuilder out = new StringBuilder();
        out.append(UUID.nameUUIDFromBytes(("Open_vSwitch " + host).getBytes(StandardCharsets.UTF_8))).append('\n');
        line(out, 1, "Manager " + quoted(MANAGER));
        line(out, 2, "is_connected: true");
        List<BridgeSnapshot> sorted = new ArrayList<>(bridges);
        sorted.sort(Comparator.comparing(BridgeSnapshot::bridge));
        sorted.forEach(b -> bridge(out, b));
        line(out, 1, "ovs_version: " + quoted(OVS_VERSION));
        return out.toString();
    }

    private static void bridge(StringBuilder out, BridgeSnapshot b) {
        line(out, 1, "Bridge " + string(b.bridge()));
        line(out, 2, "Controller " + quoted(CONTROLLER));
        line(out, 3, "is_connected: true");
        line(out, 2, "fail_mode: secure");
        line(out, 2, "datapath_type: system");
        List<PortRow> ports = new ArrayList<>();
        b.ports().forEach(p -> ports.add(new PortRow(p.port().name(), p.port().tag(), p.port().iface())));
        ports.add(new PortRow(b.bridge(), OptionalInt.empty(), new OvsPort.Internal()));
        ports.sort(Comparator.comparing(PortRow::name));
        for (PortRow p : ports) {
            line(out, 2, "Port " + string(p.name()));
            p.tag().ifPresent(tag -> line(out, 3, "tag: " + tag));
            line(out, 3, "Interface " + string(p.name()));
            if (!p.iface().type().isEmpty()) {
                line(out, 4, "type: " + string(p.iface().type()));
            }
            Map<String, String> options = p.iface().options();
            if (!options.isEmpty()) {
                List<String> pairs = new ArrayList<>();
                options.forEach((k, v) -> pairs.add(string(k) + "=" + string(v)));
                line(out, 4, "options: {" + String.join(", ", pairs) + "}");
            }
        }
    }

    private static void line(StringBuilder out, int level, String text) {
        out.append("    ".repeat(level)).append(text).append('\n');
    }

    /** An OVSDB string as {@code ovsdb_atom_to_string} writes it: bare if it reads as an identifier. */
    private static String string(String s) {
        boolean bare = BARE.matcher(s).matches() && !s.equals("true") && !s.equals("false")
                && !UUID_TEXT.matcher(s).matches();
        return bare ? s : quoted(s);
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
