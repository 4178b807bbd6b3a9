package dev.hagate.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One process of this machine, told apart from any later process that gets the same pid: its pid, its start
 * time ({@code /proc/<pid>/stat} field 22, clock ticks since boot) and the boot it ran in (a pid and a start time
 * can come again after a reboot).
 */
public record ProcessIdentity(String bootId, long pid, long startTime) {

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** This process. */
    public static ProcessIdentity current() {
        return of(ProcessHandle.current().pid()).orElseThrow(() -> new LabException("cannot read /proc/self/stat"));
    }

    /** The process that has {@code pid} now; empty when none does, or it has exited (a zombie is no longer running). */
    public static Optional<ProcessIdentity> of(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        // Field 2, the command name, is in parentheses and may hold spaces and parentheses itself.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (fields[0].equals("Z") || fields[0].equals("X")) {
            return Optional.empty();
        }
        return Optional.of(new ProcessIdentity(currentBootId(), pid, Long.parseLong(fields[22 - 3])));
    }

    /** Whether this very process still runs: its pid is alive and was not handed to another program since. */
    public boolean alive() {
        return of(pid).filter(this::equals).isPresent();
    }

    private static String currentBootId() {
        try {
            return Files.readString(BOOT_ID).trim();
        } catch (IOException e) {
            throw new LabException("cannot read " + BOOT_ID + ": " + e.getMessage(), e);
        }
    }
}
