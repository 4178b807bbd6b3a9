package dev.hagate.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a lab keeps its state on the runner's machine: the lease saying who holds the lab, the journal of
 * everything made for it (appended before each thing is made, so a runner killed at any point leaves
 * enough for {@code lab down} to remove it all), its keys and the nodes' private directories.
 * One lab per machine: its bridge and namespaces have fixed names.
 */
public final class LabDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;

    /** @param root usually {@code /var/tmp/hagate}; {@code HAGATE_STATE_DIR} overrides it */
    public LabDirectory(Path root) {
        this.root = root;
    }

    public static LabDirectory standard() {
        String override = System.getenv("HAGATE_STATE_DIR");
        return new LabDirectory(Path.of(override == null || override.isBlank() ? "/var/tmp/hagate" : override));
    }

    /**
     * Who holds the lab.
     *
     * @param owner {@code run} (held while one gate run lasts) or {@code lab up} (held until {@code lab down})
     * @param pid   the process that took the lease
     */
    public record Lease(String lab, String topology, String owner, long pid, String createdAt) {

        /** A run's lease whose process is gone: its lab was left behind by a crash. */
        public boolean abandoned() {
            return owner.equals("run") && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    public Path root() {
        return root;
    }

    public Path node(String name) {
        return root.resolve("nodes").resolve(name);
    }

    public Path privateKey() {
        return root.resolve("id_ed25519");
    }

    public Path knownHosts() {
        return root.resolve("known_hosts");
    }

    private Path leaseFile() {
        return root.resolve("lab.json");
    }

    private Path journalFile() {
        return root.resolve("journal");
    }

    public Optional<Lease> lease() {
        try {
            return Files.exists(leaseFile()) ? Optional.of(JSON.readValue(leaseFile().toFile(), Lease.class)) : Optional.empty();
        } catch (IOException e) {
            // A lease cut short by a crash still means a lab may be there.
            return Optional.of(new Lease("unknown", "unknown", "run", -1, "unknown"));
        }
    }

    /** Whether anything of a lab is on this machine (a lease or a journal). */
    public boolean inUse() {
        return Files.exists(leaseFile()) || Files.exists(journalFile());
    }

    /**
     * Takes the lab for {@code owner}, atomically.
     *
     * @throws LabBusyException when a lab is already up
     */
    public void takeLease(String lab, String topology, String owner) {
        try {
            Files.createDirectories(root);
            if (Files.exists(journalFile())) {
                throw new LabBusyException(lease().orElse(null), root);
            }
            byte[] json = JSON.writeValueAsBytes(new Lease(lab, topology, owner, ProcessHandle.current().pid(),
                    Instant.now().toString()));
            Files.write(leaseFile(), json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new LabBusyException(lease().orElse(null), root);
        } catch (IOException e) {
            throw new LabException("cannot write the lab's lease in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Records that {@code kind} {@code name} is about to be made. */
    public void journal(String kind, String name) {
        try {
            Files.writeString(journalFile(), kind + " " + name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the lab journal " + journalFile(), e);
        }
    }

    /** The journal's entries, newest first: the order to undo them in. */
    public List<String[]> journalNewestFirst() {
        try {
            List<String[]> entries = new ArrayList<>();
            if (Files.exists(journalFile())) {
                for (String line : Files.readAllLines(journalFile())) {
                    String[] parts = line.trim().split(" ", 2);
                    if (parts.length == 2) {
                        entries.add(0, parts);
                    }
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lab journal " + journalFile(), e);
        }
    }

    /** Deletes the whole directory: the last step of {@code lab down}. */
    public void delete() {
        HostCommand.run("rm", "-rf", "--one-file-system", root.toString());
    }
}
