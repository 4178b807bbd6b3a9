package dev.hagate

import com.cloudbees.groovy.cps.NonCPS

/**
 * Labs that are not the agent's own: a libvirt hypervisor or a bare-metal rack serves every build that
 * names its topology, so a build holds the lock `hagate-<lab name>` (Lockable Resources) while it runs
 * there. The embedded and container labs are built on the agent itself, one per machine, and need none.
 * Zuul's jobs hold a semaphore of the same name.
 */
class SharedLab implements Serializable {

    static final List<String> SHARED_KINDS = ['libvirt', 'baremetal']

    /** The lock for a topology file's content (as readYaml gives it), or null for a lab of the agent's own. */
    @NonCPS
    static String lockFor(Map topology) {
        String kind = topology?.lab?.kind
        return kind in SHARED_KINDS && topology.name ? "hagate-${topology.name}".toString() : null
    }
}
