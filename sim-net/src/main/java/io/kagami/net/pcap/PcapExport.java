package io.kagami.net.pcap;

import io.kagami.core.Observation;
import io.kagami.core.RunResult;
import io.kagami.net.wire.CapturedFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Writes what captured wires recorded in a run ({@link CapturedFrame}, see
 * {@code Fabric.capture}) to a pcap file: the frames of the selected captures, in the run's
 * canonical order of observations, each stamped with the virtual time it was transmitted. One
 * capture selected gives the view of tcpdump on that interface; several are merged into one file, as
 * {@code tcpdump -i any} would, so a frame that crosses two selected wires appears twice. The file
 * appears whole or not at all: it is written next to its final name and moved into place.
 * Left out: pcapng and its per-interface records.
 */
public final class PcapExport {

    private PcapExport() {}

    /** As {@link #write(List, Collection, Path)}, for the observations of {@code result}. */
    public static int write(RunResult result, Collection<String> captures, Path file) throws IOException {
        return write(result.observations(), captures, file);
    }

    /**
     * Writes the frames that {@code captures} recorded among {@code observations} to {@code file},
     * replacing it, and returns how many. On failure no file is left behind, and a file of that name
     * that existed is left as it was.
     *
     * @throws IllegalArgumentException if no capture is selected
     * @throws IllegalStateException if a frame fails to encode (a bug in its model)
     * @throws IOException if the file cannot be written
     */
    public static int write(List<Observation> observations, Collection<String> captures, Path file)
            throws IOException {
        if (captures.isEmpty()) {
            throw new IllegalArgumentException("no capture selected for " + file);
        }
        Set<String> selected = Set.copyOf(captures);
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        boolean moved = false;
        try {
            int frames = 0;
            try (OutputStream out = Files.newOutputStream(temporary); PcapWriter writer = new PcapWriter(out)) {
                for (Observation o : observations) {
                    if (o.value() instanceof CapturedFrame c && selected.contains(c.capture())) {
                        writer.write(o.time(), c.frame());
                        frames++;
                    }
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            return frames;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
