package dev.hagate.lab;

import dev.hagate.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one place where a topology's {@code lab.kind} becomes a lab, and where a lab's journal is undone,
 * whichever kind of lab wrote it ({@code lab down} knows only the lab directory, not the topology).
 */
public final class Labs {

    /** How each kind of journal entry is undone; each must be a no-op when the thing is already gone. */
    private static final Map<String, Consumer<String>> UNDO = Map.ofEntries(
            Map.entry("netns", NetnsLab::removeNamespace),
            Map.entry("link", NetnsLab::removeLink),
            Map.entry("netns-mount", NetnsLab::removeNetnsMount),
            Map.entry("libvirt-domain", LibvirtDomains::removeDomain),
            Map.entry("libvirt-snapshot", LibvirtDomains::removeSnapshot),
            Map.entry("libvirt-volume", LibvirtDomains::removeVolume),
            Map.entry("bmc", SimulatedBmc::stop),
            Map.entry("podman-container", ContainerLab::removeContainer),
            Map.entry("podman-volume", ContainerLab::removeVolume),
            Map.entry("podman-network", ContainerLab::removeNetwork));

    private Labs() {}

    /**
     * Builds the topology's lab and waits until every node answers. The caller must already hold the lease.
     *
     * @throws LabException when any step fails; what was made is in the journal for {@link #down}
     */
    public static Lab up(Topology topology, LabDirectory dir) {
        return switch (topology.lab().kind()) {
            case "netns" -> NetnsLab.up(topology, dir);
            case "libvirt" -> LibvirtLab.up(topology, dir);
            case "baremetal" -> BareMetalLab.up(topology);
            case ContainerLab.KIND -> ContainerLab.up(topology, dir);
            default -> throw unknownKind(topology);
        };
    }

    /** Connects to the topology's lab, which is already up. */
    public static Lab attach(Topology topology, LabDirectory dir) {
        return switch (topology.lab().kind()) {
            case "netns" -> NetnsLab.attach(topology, dir);
            case "libvirt" -> LibvirtLab.attach(topology, dir);
            case "baremetal" -> BareMetalLab.attach(topology);
            case ContainerLab.KIND -> ContainerLab.attach(topology, dir);
            default -> throw unknownKind(topology);
        };
    }

    /**
     * Removes everything the journal says was made, newest first, then the lab's directory. Safe to run on a
     * half-built lab, a lab whose runner was killed, or twice.
     *
     * @return what could not be removed; empty when the machine is clean
     */
    public static List<String> down(LabDirectory dir) {
        List<String> leftovers = new ArrayList<>();
        for (String[] entry : dir.journalNewestFirst()) {
            Consumer<String> undo = UNDO.get(entry[0]);
            if (undo == null) {
                leftovers.add("unknown journal entry: " + String.join(" ", entry));
                continue;
            }
            try {
                undo.accept(entry[1]);
            } catch (LabException e) {
                leftovers.add(entry[0] + " " + entry[1] + ": " + e.getMessage());
            }
        }
        if (leftovers.isEmpty()) {
            dir.delete();
        }
        return leftovers;
    }

    private static LabException unknownKind(Topology topology) {
        return new LabException("lab kind '" + topology.lab().kind() + "' of " + topology.name() + " cannot be built here");
    }
}
