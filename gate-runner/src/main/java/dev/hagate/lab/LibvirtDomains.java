package dev.hagate.lab;

import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.LibvirtSpec;
import dev.hagate.topology.Topology.NodeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The libvirt side of a libvirt lab, with no SSH in it: each node's copy-on-write disk and domain, booting
 * them, snapshotting and reverting them together, and (through {@link Labs#down}) removing them. Everything
 * is journaled in the {@link LabDirectory} before it is made, as {@code libvirt-volume <uri> <pool> <name>},
 * {@code libvirt-domain <uri> <name>} and {@code libvirt-snapshot <uri> <domain> <name>}: the URI is in the
 * entry because {@code lab down} knows only the journal.
 */
public final class LibvirtDomains {

    /** The snapshot taken once the nodes are deployed, which scenarios start from. */
    public static final String DEPLOYED = "hagate-deployed";

    private final Topology topology;
    private final LibvirtSpec spec;
    private final LabDirectory dir;

    public LibvirtDomains(Topology topology, LabDirectory dir) {
        this.topology = topology;
        this.spec = topology.lab().libvirt();
        this.dir = dir;
        if (spec == null) {
            throw new IllegalArgumentException("lab " + topology.name() + " is not a libvirt lab");
        }
    }

    public String uri() {
        return spec.uri();
    }

    /**
     * Makes the node's disk (a qcow2 overlay over the base image in the lab's pool) and defines its domain.
     * Refuses, before journaling anything, to take over a domain or volume that is already there: it is not
     * the lab's to remove.
     *
     * @throws LabException naming the domain and the URI
     */
    public void define(NodeSpec node) {
        String volumeName = node.domain() + ".qcow2";
        call(node, "define", connect -> {
            StoragePool pool = connect.storagePoolLookupByName(spec.pool());
            if (exists(() -> connect.domainLookupByName(node.domain()))) {
                throw new LabException("libvirt domain '" + node.domain() + "' already exists on " + spec.uri()
                        + "; remove it, or name another in the topology (nodes[].domain)");
            }
            if (exists(() -> pool.storageVolLookupByName(volumeName))) {
                throw new LabException("volume '" + volumeName + "' already exists in storage pool '" + spec.pool() + "' on "
                        + spec.uri() + "; remove it, or name another domain in the topology (nodes[].domain)");
            }
            dir.journal("libvirt-volume", spec.uri() + " " + spec.pool() + " " + volumeName);
            StorageVol disk = pool.storageVolCreateXML(volumeXml(volumeName, spec.diskGib(), spec.baseImage()), 0);
            dir.journal("libvirt-domain", spec.uri() + " " + node.domain());
            connect.domainDefineXML(domainXml(domainType(connect), topology.name(), node, spec, disk.getPath()));
            return null;
        });
    }

    /** Boots the node's domain, unless it is running. */
    public void start(NodeSpec node) {
        call(node, "start", connect -> {
            Domain domain = connect.domainLookupByName(node.domain());
            if (domain.isActive() == 0) {
                domain.create();
            }
            return null;
        });
    }

    public DomainState state(NodeSpec node) {
        return call(node, "read the state of", connect -> connect.domainLookupByName(node.domain()).getInfo().state);
    }

    public List<String> snapshots(NodeSpec node) {
        return call(node, "list the snapshots of",
                connect -> Arrays.asList(connect.domainLookupByName(node.domain()).snapshotListNames()));
    }

    /**
     * Takes snapshot {@code name} of every node with its memory, at one moment for the whole cluster: all
     * domains are paused, snapshotted one by one, then resumed together, so that no node's snapshot is taken
     * while the others run on (Galera would find its peers from different times).
     */
    public void snapshotAll(List<NodeSpec> nodes, String name) {
        List<NodeSpec> paused = new ArrayList<>();
        try {
            for (NodeSpec node : nodes) {
                call(node, "pause", connect -> {
                    connect.domainLookupByName(node.domain()).suspend();
                    return null;
                });
                paused.add(node);
            }
            for (NodeSpec node : nodes) {
                dir.journal("libvirt-snapshot", spec.uri() + " " + node.domain() + " " + name);
                call(node, "snapshot", connect -> connect.domainLookupByName(node.domain())
                        .snapshotCreateXML(snapshotXml(name, topology.name()), 0));
            }
        } finally {
            resumeAll(paused);
        }
    }

    /**
     * Returns every node to snapshot {@code name}: each is reverted (to the paused state it was taken in, or
     * from powered off), then all are resumed together.
     *
     * @throws LabException when a node has no such snapshot or libvirt refuses
     */
    public void revertAll(List<NodeSpec> nodes, String name) {
        List<NodeSpec> reverted = new ArrayList<>();
        try {
            for (NodeSpec node : nodes) {
                call(node, "revert to snapshot '" + name + "'", connect -> {
                    Domain domain = connect.domainLookupByName(node.domain());
                    return domain.revertToSnapshot(domain.snapshotLookupByName(name));
                });
                reverted.add(node);
            }
        } finally {
            resumeAll(reverted);
        }
    }

    private void resumeAll(List<NodeSpec> nodes) {
        for (NodeSpec node : nodes) {
            call(node, "resume", connect -> {
                Domain domain = connect.domainLookupByName(node.domain());
                if (domain.getInfo().state == DomainState.VIR_DOMAIN_PAUSED) {
                    domain.resume();
                }
                return null;
            });
        }
    }

    /** The hypervisor's domain type: {@code kvm} on QEMU hosts, {@code test} on libvirt's test driver. */
    private static String domainType(Connect connect) throws LibvirtException {
        return "TEST".equalsIgnoreCase(connect.getType()) ? "test" : "kvm";
    }

    static String snapshotXml(String name, String lab) {
        return "<domainsnapshot><name>" + xml(name) + "</name><description>hagate: the nodes of " + xml(lab)
                + " as deployed</description></domainsnapshot>";
    }

    static String volumeXml(String name, int diskGib, String baseImage) {
        return """
                <volume>
                  <name>%s</name>
                  <capacity unit='GiB'>%d</capacity>
                  <target><format type='qcow2'/></target>
                  <backingStore><path>%s</path><format type='qcow2'/></backingStore>
                </volume>
                """.formatted(xml(name), diskGib, xml(baseImage));
    }

    /**
     * A node's domain: its memory and vCPUs, the overlay as a virtio disk, one virtio interface per network
     * (the first with the node's MAC, which the network's DHCP maps to its address), a serial console.
     */
    static String domainXml(String type, String lab, NodeSpec node, LibvirtSpec spec, String diskPath) {
        StringBuilder interfaces = new StringBuilder();
        for (int i = 0; i < spec.networks().size(); i++) {
            interfaces.append("    <interface type='network'>")
                    .append(i == 0 ? "<mac address='" + node.mac() + "'/>" : "")
                    .append("<source network='").append(xml(spec.networks().get(i))).append("'/>")
                    .append("<model type='virtio'/></interface>\n");
        }
        return """
                <domain type='%s'>
                  <name>%s</name>
                  <description>hagate lab %s, node %s (%s)</description>
                  <memory unit='MiB'>%d</memory>
                  <vcpu>%d</vcpu>
                  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
                  <features><acpi/><apic/></features>
                %s  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='%s'/><target dev='vda' bus='virtio'/></disk>
                %s    <serial type='pty'/>
                    <console type='pty'/>
                  </devices>
                </domain>
                """.formatted(type, xml(node.domain()), xml(lab), xml(node.name()), xml(node.address()), spec.memoryMib(),
                spec.vcpus(), type.equals("kvm") ? "  <cpu mode='host-passthrough'/>\n" : "", xml(diskPath), interfaces);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    // ---- undoing journal entries (Labs.down); each is a no-op when the thing is already gone ----

    /** {@code <uri> <domain>}: powers the domain off (hard) and undefines it with its snapshots' metadata. */
    static void removeDomain(String entry) {
        String[] f = fields(entry, 2, "libvirt-domain");
        undo(f[0], "remove libvirt domain '" + f[1] + "'", connect -> {
            Domain domain = connect.domainLookupByName(f[1]);
            if (domain.isActive() == 1) {
                domain.destroy();
            }
            // A transient domain is gone once destroyed.
            if (exists(() -> connect.domainLookupByName(f[1]))) {
                domain.undefine(Domain.UndefineFlags.SNAPSHOTS_METADATA | Domain.UndefineFlags.MANAGED_SAVE);
            }
        });
    }

    /** {@code <uri> <domain> <snapshot>}: deletes the snapshot. */
    static void removeSnapshot(String entry) {
        String[] f = fields(entry, 3, "libvirt-snapshot");
        undo(f[0], "remove snapshot '" + f[2] + "' of libvirt domain '" + f[1] + "'",
                connect -> connect.domainLookupByName(f[1]).snapshotLookupByName(f[2]).delete(0));
    }

    /** {@code <uri> <pool> <volume>}: deletes the volume (a node's overlay; the base image is never touched). */
    static void removeVolume(String entry) {
        String[] f = fields(entry, 3, "libvirt-volume");
        undo(f[0], "remove volume '" + f[2] + "' of storage pool '" + f[1] + "'",
                connect -> connect.storagePoolLookupByName(f[1]).storageVolLookupByName(f[2]).delete(0));
    }

    private static String[] fields(String entry, int count, String kind) {
        String[] f = entry.trim().split(" ");
        if (f.length != count) {
            throw new LabException("malformed journal entry: " + kind + " " + entry);
        }
        return f;
    }

    private interface Undo {
        void run(Connect connect) throws LibvirtException;
    }

    private static void undo(String uri, String what, Undo undo) {
        try {
            undo.run(LibvirtConnections.open(uri));
        } catch (LibvirtException e) {
            if (!LibvirtConnections.notFound(e)) {
                throw new LabException("cannot " + what + " on " + uri + ": " + e.getMessage(), e);
            }
        }
    }

    private interface Lookup {
        Object run() throws LibvirtException;
    }

    private static boolean exists(Lookup lookup) throws LibvirtException {
        try {
            lookup.run();
            return true;
        } catch (LibvirtException e) {
            if (LibvirtConnections.notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private interface NodeCall<T> {
        T run(Connect connect) throws LibvirtException;
    }

    private <T> T call(NodeSpec node, String what, NodeCall<T> call) {
        try {
            return call.run(LibvirtConnections.open(spec.uri()));
        } catch (LibvirtException e) {
            throw new LabException("cannot " + what + " libvirt domain '" + node.domain() + "' (node " + node.name() + ") on "
                    + spec.uri() + ": " + e.getMessage(), e);
        }
    }
}
