package dev.hagate.topology;

import dev.hagate.topology.Topology.LabSpec;
import java.util.List;
import java.util.Optional;

/**
 * Which fields of a topology one kind of lab takes, beside the lab description it validates: the topology
 * loader checks a file against these, and {@code dev.hagate.lab.LabKinds} pairs each with how its lab is
 * built (so the loader needs nothing of the {@code lab} package).
 *
 * @param bridgeRefused  why {@code lab.bridge} is refused; null when the kind takes it
 * @param bmcPortRefused why {@code lab.bmc-port} is refused; null when the kind takes it
 * @param nodeImage      whether its nodes run a node image built here, of {@code lab.release}, defaulting
 *                       {@code lab.bridge} and {@code lab.bmc-port}
 * @param libvirt        whether it takes a {@code lab.libvirt} section (required) and nodes' {@code domain} and
 *                       {@code mac}
 * @param nodeAccess     whether its machines exist already: each node gives its {@code ssh} and {@code bmc},
 *                       its address may be a host name and {@code lab.subnet} is optional
 * @param sideBySide     the subnet of a lab of this kind built on this machine, which a lab of another kind
 *                       built here keeps clear of; null for a lab not built here
 */
public record LabFields(String kind, String bridgeRefused, String bmcPortRefused, boolean nodeImage, boolean libvirt,
                        boolean nodeAccess, Subnet sideBySide) {

    public static final LabFields NETNS = new LabFields(LabSpec.NETNS, null, null, true, false, false,
            Subnet.parse("10.77.0.0/24"));
    public static final LabFields LIBVIRT = new LabFields(LabSpec.LIBVIRT,
            "only for kind netns; a libvirt lab's nodes are on the networks in lab.libvirt.networks",
            "only for kind netns; a libvirt lab's nodes are powered through libvirt", false, true, false, null);
    private static final String EMBEDDED_ONLY = "only for the embedded lab (kind netns); a bare-metal lab's nodes and BMCs"
            + " are given per node";
    public static final LabFields BAREMETAL = new LabFields(LabSpec.BAREMETAL, EMBEDDED_ONLY, EMBEDDED_ONLY, false, false, true,
            null);
    public static final LabFields CONTAINERS = new LabFields(LabSpec.CONTAINERS, null, null, true, false, false,
            Subnet.parse("10.79.0.0/24"));
    /** Every lab kind a topology may name, in the order messages list them. */
    public static final List<LabFields> ALL = List.of(NETNS, LIBVIRT, BAREMETAL, CONTAINERS);

    /** The fields of lab kind {@code kind}; empty for a kind no lab has. */
    public static Optional<LabFields> of(String kind) {
        return ALL.stream().filter(f -> f.kind().equals(kind)).findFirst();
    }

    /** Whether a lab of this kind is built on this machine (and so must keep clear of its interfaces). */
    public boolean builtHere() {
        return sideBySide != null;
    }
}
