package io.kagami.scenario.cli;

import io.kagami.scenario.report.ReportWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The check of an {@code --out} directory made before a run, which may take long, rather than
 * after it: what {@link ReportWriter} would refuse (not a directory, or one holding other files).
 */
final class OutDirectory {
    private OutDirectory() {}

    /** Why {@code out} cannot take a report, or null if it can (it is missing, empty, or an earlier report). */
    static String refusal(Path out) throws IOException {
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            return "--out: " + out + " exists and is not a directory: refusing to replace it with a report";
        }
        List<String> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(out)) {
            for (Path e : entries) {
                if (!ReportWriter.FILES.contains(e.getFileName().toString())
                        || !Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                    others.add(e.getFileName().toString());
                }
            }
        }
        if (others.isEmpty()) {
            return null;
        }
        Collections.sort(others);
        return "--out: " + out + " holds files that are not a Kagami report ("
                + String.join(", ", others.subList(0, Math.min(5, others.size())))
                + (others.size() > 5 ? ", ..." : "") + "): refusing to replace it; choose another --out directory";
    }
}
