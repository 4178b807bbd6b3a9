package dev.hagate.lab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where a lab keeps its state on the runner's machine: the lease saying who holds the lab, the journal of
 * everything made for it (appended before each thing is made, so a runner killed at any point leaves
 * enough for {@code lab down} to remove it all), its keys and the nodes' private directories.
 * One lab per machine: its bridge and namespaces have fixed names.
 *
 * <p>The lease ({@code lab.json}) is written whole or not at all (a temporary file renamed over it). Whoever
 * takes it holds a lock on {@code lab.lock} from before the lease is written until the lab is removed or the
 * process ends, when the kernel drops it whatever the files say: a lease that cannot be read is still owned
 * while someone holds that lock.
 *
 * <p>Building is stopped before a lab is torn down ({@link #stopBuilding}): from then on the journal refuses every
 * new entry, so nothing is made that the teardown, reading the journal, would not know of.
 */
public final class LabDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The owner of a lease held while one gate run lasts. */
    public static final String RUN = "run";
    /**
     * The locks on {@code lab.lock} this process holds, by lock file. POSIX drops every lock a process has on a
     * file when it closes any descriptor of that file, so this process never opens a lock file it holds again.
     */
    private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();
    private final Path root;
    private final Object building = new Object();
    /** Set once the lab is to be torn down: nothing more may be made. Guarded by {@link #building}. */
    private boolean stopping;
    /** How many {@link #build}s are under way. Guarded by {@link #building}. */
    private int builds;

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
     * @param owner     {@link #RUN} (held while one gate run lasts) or {@code lab up} (held until {@code lab down})
     * @param pid       the process that took the lease
     * @param bootId    the boot that process ran in
     * @param startTime that process's start time ({@link ProcessIdentity}); 0 in a lease written before it was recorded
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Lease(String lab, String topology, String owner, long pid, String bootId, long startTime, String createdAt) {

        /** Whether the process that took the lease still runs, and not some later program given its pid. */
        public boolean ownerAlive() {
            if (startTime == 0) {
                return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); // the pid is all there is
            }
            return new ProcessIdentity(bootId, pid, startTime).alive();
        }

        /** A run's lease whose process is gone: its lab was left behind by a crash. */
        public boolean abandoned() {
            return RUN.equals(owner) && !ownerAlive();
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

    private Path lockFile() {
        return root.resolve("lab.lock").toAbsolutePath().normalize();
    }

    private Path journalFile() {
        return root.resolve("journal");
    }

    /** The lease; empty when there is none, or it cannot be read (see {@link #abandoned}). */
    public Optional<Lease> lease() {
        try {
            return Optional.ofNullable(readLease());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return null when there is no lease */
    private Lease readLease() throws IOException {
        return Files.exists(leaseFile()) ? JSON.readValue(leaseFile().toFile(), Lease.class) : null;
    }

    /**
     * Whether the lab here was left behind by a run that died: its lease names a run whose process is gone, or
     * the lease cannot be read and no process holds the lab's lock (its owner, whoever it was, is gone).
     */
    public boolean abandoned() {
        try {
            Lease lease = readLease();
            return lease != null && lease.abandoned();
        } catch (IOException unreadable) {
            return !lockedByALiveProcess();
        }
    }

    /** Whether anything of a lab is on this machine (a lease or a journal). */
    public boolean inUse() {
        return Files.exists(leaseFile()) || Files.exists(journalFile());
    }

    /**
     * Takes the lab for {@code owner}: takes the lab's lock, which this process then holds until {@link #delete}
     * or its end, and writes the lease whole.
     *
     * @throws LabBusyException when a lab is already up, or another process is taking it
     */
    public void takeLease(String lab, String topology, String owner) {
        try {
            Files.createDirectories(root);
            boolean heldBefore = HELD.containsKey(lockFile());
            if (!lock()) {
                throw new LabBusyException(lease().orElse(null), root);
            }
            try {
                if (Files.exists(leaseFile()) || Files.exists(journalFile())) {
                    throw new LabBusyException(lease().orElse(null), root);
                }
                ProcessIdentity self = ProcessIdentity.current();
                writeWhole(leaseFile(), JSON.writeValueAsBytes(new Lease(lab, topology, owner, self.pid(), self.bootId(),
                        self.startTime(), Instant.now().toString())));
            } catch (IOException | RuntimeException e) {
                if (!heldBefore) {
                    unlock();
                }
                throw e;
            }
        } catch (IOException e) {
            throw new LabException("cannot write the lab's lease in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code file} in one step: a reader sees the old file or the whole new one, also after a crash. */
    private static void writeWhole(Path file, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Takes the lab's lock for this process. @return false when another process holds it */
    private boolean lock() throws IOException {
        if (HELD.containsKey(lockFile())) {
            return true;
        }
        FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() == null) {
                channel.close();
                return false;
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        HELD.put(lockFile(), channel);
        return true;
    }

    private void unlock() throws IOException {
        FileChannel channel = HELD.remove(lockFile());
        if (channel != null) {
            channel.close();
        }
    }

    /** Whether a process that still runs holds the lab's lock; when that cannot be told, it is taken to. */
    private boolean lockedByALiveProcess() {
        if (HELD.containsKey(lockFile())) {
            return true;
        }
        if (!Files.exists(lockFile())) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException | OverlappingFileLockException e) {
            return true;
        }
    }

    /**
     * Records that {@code kind} {@code name} is about to be made.
     *
     * @throws LabException once building was stopped: it must not be made
     */
    public void journal(String kind, String name) {
        synchronized (building) {
            if (stopping) {
                throw new LabException("the lab is being torn down: " + kind + " " + name + " is not made");
            }
            try {
                Files.writeString(journalFile(), kind + " " + name + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the lab journal " + journalFile(), e);
            }
        }
    }

    /**
     * Records that {@code kind} {@code name} is about to be made, once sure the name is free: a thing of that name
     * that is already there was not made by the lab, so it is neither taken over nor journaled for removal.
     *
     * @param field what in the topology the name is made from, for the message
     * @throws LabException naming it when the name is taken, or once building was stopped
     */
    void journalNew(HostObject kind, String name, String field) {
        kind.requireFree(name, field);
        journal(kind.journalKind, name);
    }

    /**
     * Runs {@code steps}, which make things for the lab, so that {@link #stopBuilding} can wait until they end.
     *
     * @throws LabException when building was stopped already
     */
    public <T> T build(Supplier<T> steps) {
        synchronized (building) {
            if (stopping) {
                throw new LabException("the lab is being torn down: it is not built further");
            }
            builds++;
        }
        try {
            return steps.get();
        } finally {
            synchronized (building) {
                builds--;
                building.notifyAll();
            }
        }
    }

    /**
     * Stops building: every later {@link #journal} entry is refused (its step throws), and this waits until the
     * builds under way have ended, or {@code patience} has passed.
     *
     * @return whether no build is under way any more
     */
    public boolean stopBuilding(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (building) {
            stopping = true;
            try {
                long left;
                while (builds > 0 && (left = deadline - System.nanoTime()) > 0) {
                    building.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return builds == 0;
        }
    }

    /** Whether a {@link #build} is under way in this process. */
    public boolean building() {
        synchronized (building) {
            return builds > 0;
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

    /** Deletes the whole directory: the last step of {@code lab down}. Then lets go of the lab's lock, if held. */
    public void delete() {
        HostCommand.run("rm", "-rf", "--one-file-system", root.toString());
        try {
            unlock();
        } catch (IOException e) {
            throw new LabException("cannot let go of the lock " + lockFile() + ": " + e.getMessage(), e);
        }
    }
}
