package dev.hagate.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The services' output on every node during a window of time: where each log ended when the window opened,
 * and what was appended until it closed. Services write to {@code /var/log/hagate/<service>.log}.
 */
public final class ServiceLogs {

    private static final String DIR = "/var/log/hagate";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A log that grew by more than this keeps only its tail: enough to read a failure, small enough to attach. */
    private static final long MAX_BYTES = 2_000_000;

    private final Lab lab;
    private final Map<String, Map<String, Long>> sizesAtOpen = new HashMap<>();

    private ServiceLogs(Lab lab) {
        this.lab = lab;
    }

    /** Marks the start of the window on every node. */
    public static ServiceLogs openWindow(Lab lab) {
        ServiceLogs logs = new ServiceLogs(lab);
        for (var node : lab.topology().nodes()) {
            logs.sizesAtOpen.put(node.name(), sizes(lab.shell(node.name())));
        }
        return logs;
    }

    /**
     * Copies what each service logged since the window opened to {@code dir/<node>/<service>.log}.
     *
     * @return the files written
     */
    public List<Path> copyTo(Path dir) {
        List<Path> written = new java.util.ArrayList<>();
        for (var node : lab.topology().nodes()) {
            NodeShell shell = lab.shell(node.name());
            Map<String, Long> before = sizesAtOpen.getOrDefault(node.name(), Map.of());
            for (var entry : sizes(shell).entrySet()) {
                long from = before.getOrDefault(entry.getKey(), 0L);
                if (entry.getValue() < from) {
                    from = 0; // the log was replaced: all of it is new
                }
                long start = Math.max(from, entry.getValue() - MAX_BYTES);
                ExecResult tail = shell.exec(ShellWords.script("tail -c +\"$1\" \"$2\" | head -c \"$3\"",
                        String.valueOf(start + 1), DIR + "/" + entry.getKey(), String.valueOf(MAX_BYTES)), TIMEOUT);
                Path file = dir.resolve(node.name()).resolve(entry.getKey());
                try {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, tail.stdout());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
                written.add(file);
            }
        }
        return written;
    }

    private static Map<String, Long> sizes(NodeShell shell) {
        Map<String, Long> sizes = new HashMap<>();
        ExecResult listing = shell.exec("cd " + DIR + " 2>/dev/null && for f in *.log; do [ -f \"$f\" ] && echo \"$(wc -c < \"$f\") $f\"; done; true", TIMEOUT);
        listing.stdout().lines().map(l -> l.trim().split(" ", 2)).filter(p -> p.length == 2)
                .forEach(p -> sizes.put(p[1], Long.parseLong(p[0])));
        return sizes;
    }
}
