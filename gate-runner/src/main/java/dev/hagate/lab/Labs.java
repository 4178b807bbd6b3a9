package dev.hagate.lab;

import dev.hagate.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a topology's {@code lab.kind} becomes a lab (through {@link LabKinds}), and where a lab's journal is undone,
 * whichever kind of lab wrote it ({@code lab down} knows only the lab directory, not the topology).
 */
public final class Labs {

    /** How each kind of journal entry is undone; each must be a no-op when the thing is already gone. */
    private static final Map<String, Consumer<String>> UNDO = Map.ofEntries(
            Map.entry(HostObject.NETNS.journalKind, NetnsLab::removeNamespace),
            Map.entry(HostObject.LINK.journalKind, NetnsLab::removeLink),
            Map.entry("netns-mount", NetnsLab::removeNetnsMount),
            Map.entry("libvirt-domain", LibvirtDomains::removeDomain),
            Map.entry("libvirt-snapshot", LibvirtDomains::removeSnapshot),
            Map.entry("libvirt-volume", LibvirtDomains::removeVolume),
            Map.entry("bmc", SimulatedBmc::stop),
            Map.entry(HostObject.PODMAN_CONTAINER.journalKind, ContainerLab::removeContainer),
            Map.entry(HostObject.PODMAN_VOLUME.journalKind, ContainerLab::removeVolume),
            Map.entry(HostObject.PODMAN_NETWORK.journalKind, ContainerLab::removeNetwork));

    private Labs() {}

    /**
     * Builds the topology's lab and waits until every node answers. The caller must already hold the lease.
     *
     * @throws LabException when any step fails; what was made is in the journal for {@link #down}
     */
    public static Lab up(Topology topology, LabDirectory dir) {
        return dir.build(() -> kind(topology).up().apply(topology, dir));
    }

    /** Connects to the topology's lab, which is already up. */
    public static Lab attach(Topology topology, LabDirectory dir) {
        return kind(topology).attach().apply(topology, dir);
    }

    /**
     * Removes everything the journal says was made, newest first, then the lab's directory. Safe to run on a
     * half-built lab, a lab whose runner was killed, or twice. A step that fails, whatever it throws, does not
     * stop the others: what one step leaves must not keep the rest of the lab on the machine. While this process
     * is still building the lab (building was stopped, but a step was under way), the directory is kept, so that
     * another {@code lab down} removes what that step made.
     *
     * @return every step that failed, one line each; empty when the machine is clean
     */
    public static List<String> down(LabDirectory dir) {
        return down(dir, UNDO);
    }

    /** {@link #down(LabDirectory)} with the given undo of each kind of journal entry. */
    static List<String> down(LabDirectory dir, Map<String, Consumer<String>> undoByKind) {
        List<String> failed = new ArrayList<>();
        List<String[]> journal;
        try {
            journal = dir.journalNewestFirst();
        } catch (RuntimeException e) {
            return List.of("read the journal: " + describe(e));
        }
        for (String[] entry : journal) {
            Consumer<String> undo = undoByKind.get(entry[0]);
            if (undo == null) {
                failed.add("unknown journal entry: " + String.join(" ", entry));
                continue;
            }
            try {
                undo.accept(entry[1]);
            } catch (RuntimeException e) {
                failed.add(entry[0] + " " + entry[1] + ": " + describe(e));
            }
        }
        if (failed.isEmpty() && dir.building()) {
            failed.add("the lab was still being built: its journal is kept for `hagate lab down`");
        }
        if (failed.isEmpty()) {
            try {
                dir.delete();
            } catch (RuntimeException e) {
                failed.add("delete " + dir.root() + ": " + describe(e));
            }
        }
        return failed;
    }

    /** One line: the lab's own errors by their message, anything else by its type too (it is a defect). */
    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
        return e instanceof LabException ? message : e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static LabKind kind(Topology topology) {
        return LabKinds.find(topology.lab().kind()).orElseThrow(() -> new LabException("lab kind '" + topology.lab().kind()
                + "' of " + topology.name() + " cannot be built here"));
    }
}
