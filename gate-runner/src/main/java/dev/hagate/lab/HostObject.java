package dev.hagate.lab;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The kinds of named thing a lab makes on this machine, each with the one way to tell whether a name is taken.
 * A lab makes a thing only under a free name, and journals it only then ({@link LabDirectory#journalNew}), so
 * {@link Labs#down} never removes what the lab did not make. (libvirt domains and volumes are checked the same
 * way by {@link LibvirtDomains}, on their own connection.)
 */
enum HostObject {

    /** A network interface of this machine's own namespace: a bridge, the host's end of a veth pair. */
    LINK("link", "network interface") {
        @Override
        boolean exists(String name) {
            ExecResult shown = HostCommand.exec(List.of("ip", "link", "show", "dev", name), TIMEOUT);
            if (shown.ok()) {
                return true;
            }
            if (shown.stderr().contains("does not exist")) {
                return false;
            }
            throw cannotTell(name, "ip link show failed (exit " + shown.exitCode() + "): " + shown.lastErrorLine());
        }
    },
    NETNS("netns", "network namespace") {
        @Override
        boolean exists(String name) {
            return Files.exists(Path.of(NetnsLab.NETNS_DIR, name), LinkOption.NOFOLLOW_LINKS);
        }
    },
    PODMAN_NETWORK("podman-network", "podman network") {
        @Override
        boolean exists(String name) {
            return podmanExists("network", name);
        }
    },
    PODMAN_CONTAINER("podman-container", "podman container") {
        @Override
        boolean exists(String name) {
            return podmanExists("container", name);
        }
    },
    PODMAN_VOLUME("podman-volume", "podman volume") {
        @Override
        boolean exists(String name) {
            return podmanExists("volume", name);
        }
    };

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The kind's name in the journal. */
    final String journalKind;
    private final String description;

    HostObject(String journalKind, String description) {
        this.journalKind = journalKind;
        this.description = description;
    }

    /**
     * Whether a thing of this kind named {@code name} is on this machine.
     *
     * @throws LabException when that cannot be told
     */
    abstract boolean exists(String name);

    /**
     * Makes sure {@code name} is free.
     *
     * @param field what in the topology the name is made from, for the message
     * @throws LabException naming the thing when it already exists: it is not the lab's to take over or remove
     */
    void requireFree(String name, String field) {
        if (exists(name)) {
            throw new LabException(description + " '" + name + "' already exists on this machine and was not made by"
                    + " this lab; remove it, or change " + field + " in the topology");
        }
    }

    LabException cannotTell(String name, String why) {
        return new LabException("cannot tell whether " + description + " '" + name + "' exists: " + why);
    }

    boolean podmanExists(String type, String name) {
        ExecResult result = HostCommand.exec(List.of("podman", type, "exists", name), TIMEOUT);
        return switch (result.exitCode()) {
            case 0 -> true;
            case 1 -> false;
            default -> throw cannotTell(name, "podman " + type + " exists failed (exit " + result.exitCode() + "): "
                    + result.lastErrorLine());
        };
    }
}
