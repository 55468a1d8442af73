package io.kagami.scenario.report;

import io.kagami.scenario.result.ScenarioResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the reports of a run (one result) or a sweep (one result per grid point) into a
 * directory, all or nothing:
 * <ul>
 * <li>{@value #JSON}: everything, for machines (times in nanoseconds, keys ending in _ns);
 * <li>{@value #CSV}: one row per segment (times in seconds);
 * <li>{@value #JUNIT}: the assertions as test cases, one per segment for "each" assertions;
 * <li>{@value #HTML}: one self-contained page for people;
 * <li>{@value #PCAP}, when asked for ({@code kagami run --pcap}): what tcpdump would have captured,
 *     written by its own writer ({@link Attachment}) in the same step as the others.
 * </ul>
 * The files are written into a fresh directory next to the target and renamed into place, so
 * that the target never holds a half-written report: a failure leaves nothing behind and a
 * previous report untouched. A previous report is replaced as a whole (moved aside, the new one
 * renamed in, the old one deleted); a directory holding anything else is refused.
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String CSV = "segments.csv";
    public static final String JUNIT = "junit.xml";
    public static final String HTML = "report.html";
    public static final String PCAP = "capture.pcap";
    /** The files rendered from the results, in every report. */
    public static final List<String> RENDERED = List.of(JSON, CSV, JUNIT, HTML);
    /**
     * The files a report may hold, which are also all that a directory may hold to be replaced by a
     * new one: a new report without a capture replaces an old one with one, capture and all.
     */
    public static final List<String> FILES = List.of(JSON, CSV, JUNIT, HTML, PCAP);

    /**
     * A file of the report that is not rendered from the results but written by a writer of its own
     * (a capture can be far larger than memory should hold), into the directory being staged.
     */
    @FunctionalInterface
    public interface Attachment {
        /** Writes the file {@code file}, which does not exist yet; throws to abandon the whole report. */
        void write(Path file) throws IOException;
    }

    private ReportWriter() {}

    /** report.json's text, for printing (kagami run --json) without writing files. */
    public static String json(List<ScenarioResult> results) {
        return JsonReport.render(results);
    }

    /**
     * Writes the reports of {@code results} into {@code outDir}, creating it (and missing parents).
     *
     * @throws IllegalArgumentException if there are no results, or {@code outDir} is something other
     *                                  than an empty directory or a directory of an earlier report
     * @throws IOException              if writing fails; then nothing is left behind
     */
    public static void write(List<ScenarioResult> results, Path outDir) throws IOException {
        write(results, outDir, Map.of());
    }

    /**
     * As {@link #write(List, Path)}, with {@code attachments} (file name, one of {@link #FILES} that is
     * not {@link #RENDERED}, to its writer) written in the same staging directory: the report appears
     * with all of them or not at all.
     *
     * @throws IllegalArgumentException also if an attachment's name is not one a report may hold
     */
    public static void write(List<ScenarioResult> results, Path outDir, Map<String, Attachment> attachments)
            throws IOException {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("no results to report");
        }
        for (String name : attachments.keySet()) {
            if (!FILES.contains(name) || RENDERED.contains(name)) {
                throw new IllegalArgumentException("a report holds no attachment named " + name);
            }
        }
        // everything that can fail on the results fails before the disk is touched
        place(render(results), attachments, outDir);
    }

    /** Writes {@code files} (name to content) into {@code outDir} as {@link #write} says. */
    static void place(Map<String, byte[]> files, Path outDir) throws IOException {
        place(files, Map.of(), outDir);
    }

    /** Writes {@code files} (name to content) and {@code attachments} into {@code outDir} as {@link #write} says. */
    static void place(Map<String, byte[]> files, Map<String, Attachment> attachments, Path outDir)
            throws IOException {
        Path out = outDir.toAbsolutePath().normalize();
        Path parent = out.getParent();
        if (parent == null) {
            throw new IllegalArgumentException(outDir + " cannot hold a report: it is the root directory");
        }
        boolean replacing = checkReplaceable(out, outDir);
        List<Path> createdParents = createParents(parent);
        Path staging = null;
        try {
            staging = freshSibling(out, ".tmp-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                writeDurably(staging.resolve(f.getKey()), f.getValue());
            }
            for (Map.Entry<String, Attachment> a : new java.util.TreeMap<>(attachments).entrySet()) {
                Path file = staging.resolve(a.getKey());
                a.getValue().write(file);
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("the writer of " + a.getKey() + " wrote no file");
                }
                if (!files.isEmpty()) {
                    samePermissions(file, staging.resolve(files.keySet().iterator().next()));
                }
                force(file);
            }
            if (replacing) {
                Path old = freshName(out, ".old-");
                Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | RuntimeException e) {
                    try {
                        Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException restore) {
                        e.addSuppressed(new IOException("the previous report is left in " + old, restore));
                    }
                    throw e;
                }
                staging = null;
                try {
                    deleteTree(old);
                } catch (IOException e) {
                    throw new IOException("the report is in " + outDir + ", but the previous one, moved aside to " + old
                            + ", could not be deleted: " + e.getMessage(), e);
                }
            } else {
                Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            }
        } catch (IOException | RuntimeException | Error e) {
            if (staging != null) {
                try {
                    deleteTree(staging);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                deleteEmpty(createdParents, e);
            }
            throw e;
        }
    }

    /** The four files' contents, in UTF-8. */
    static Map<String, byte[]> render(List<ScenarioResult> results) {
        List<ScenarioResult> runs = List.copyOf(results);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(JSON, JsonReport.render(runs).getBytes(StandardCharsets.UTF_8));
        files.put(CSV, SegmentsCsv.render(runs).getBytes(StandardCharsets.UTF_8));
        files.put(JUNIT, JunitXml.render(runs).getBytes(StandardCharsets.UTF_8));
        files.put(HTML, HtmlReport.render(runs).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Whether {@code out} holds an earlier report (or nothing) to replace; refuses anything else. */
    private static boolean checkReplaceable(Path out, Path asGiven) throws IOException {
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(asGiven + " exists and is not a directory: refusing to replace it with a report");
        }
        List<String> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(out)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!FILES.contains(name) || !Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                    others.add(name);
                }
            }
        }
        if (!others.isEmpty()) {
            Collections.sort(others);
            throw new IllegalArgumentException(asGiven + " holds files that are not a Kagami report ("
                    + String.join(", ", others.subList(0, Math.min(5, others.size())))
                    + (others.size() > 5 ? ", ..." : "") + "): refusing to replace it; choose another --out directory");
        }
        return true;
    }

    /** Creates {@code dir} and its missing ancestors; returns those it created, outermost first. */
    private static List<Path> createParents(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                created.add(p);
            }
        } catch (IOException | RuntimeException e) {
            deleteEmpty(created, e);
            throw e;
        }
        return created;
    }

    /** Deletes directories this call created, innermost first, as long as they are empty. */
    private static void deleteEmpty(List<Path> created, Throwable cause) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                cause.addSuppressed(e);
                return;
            }
        }
    }

    /** A new, empty directory beside {@code out} (hidden, so that a listing does not show it as a result). */
    private static Path freshSibling(Path out, String kind) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = freshName(out, kind);
            try {
                return Files.createDirectory(p); // the default permissions, unlike a temporary directory's 0700
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static Path freshName(Path out, String kind) {
        return out.resolveSibling("." + out.getFileName() + kind + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /**
     * Gives {@code file} the permissions of {@code model}, a file of the report created the ordinary
     * way (the umask's): a writer may have made it private, as temporary files are.
     */
    private static void samePermissions(Path file, Path model) throws IOException {
        if (Files.getFileStore(model).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, Files.getPosixFilePermissions(model));
        }
    }

    /** Forces a file written by someone else to the disk, as {@link #writeDurably} does its own. */
    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            Collections.reverse(paths);
            for (Path p : paths) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
