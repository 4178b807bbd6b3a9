package dev.hagate.deploy;

import dev.hagate.lab.Lab;
import dev.hagate.lab.LocalShell;
import dev.hagate.lab.NodeShell;
import dev.hagate.lab.PowerDriver;
import dev.hagate.lab.ServiceControl;
import dev.hagate.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lab whose node commands run in this machine's {@code sh} with {@code ip} replaced by a stand-in that only
 * writes its arguments down, one line per call ({@code net1: ip netns list}); {@code ip ... addr show} prints the
 * file {@code addr-<node>} of the directory when there is one, and {@code ip netns list} then lists one router
 * namespace, {@code qrouter-<node>}; on a node made {@linkplain #unreachable unreachable} it fails. Services are
 * recorded ({@code net1: start neutron-l3-agent}) and always run. Its BMCs only tell the power a node was
 * left with ({@link #powerOff}).
 */
public final class StubbedNodes implements Lab {

    private static final String STUB = """
            #!/bin/sh
            [ -f "$STUBS/unreachable-$NODE" ] && { echo "ssh: connect to host $NODE port 22: No route to host" >&2; exit 255; }
            echo "$NODE: $(basename "$0") $*" >> "$STUBS/calls"
            case "$*" in
              "netns list") [ -f "$STUBS/addr-$NODE" ] && echo "qrouter-$NODE (id: 0)" ;;
              *"addr show"*) [ -f "$STUBS/addr-$NODE" ] && cat "$STUBS/addr-$NODE" ;;
            esac
            exit 0
            """;

    private final Topology topology;
    private final Path dir;
    private final List<String> services = new ArrayList<>();
    private final Set<String> poweredOff = new HashSet<>();

    public StubbedNodes(Topology topology, Path dir) {
        this.topology = topology;
        this.dir = dir;
        try {
            Path stub = dir.resolve("ip");
            Files.writeString(stub, STUB);
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the stand-in {@code ip} was called with, in order. */
    public List<String> calls() {
        try {
            Path calls = dir.resolve("calls");
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What was done to services, in order. */
    public List<String> services() {
        return services;
    }

    /** Makes the stand-in {@code ip} on {@code node} fail as SSH does when the node cannot be reached. */
    public void unreachable(String node) {
        try {
            Files.writeString(dir.resolve("unreachable-" + node), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts {@code node}'s power: it cannot be reached, and its BMC says it is off. */
    public void powerOff(String node) {
        unreachable(node);
        poweredOff.add(node);
    }

    /** Makes {@code ip ... addr show} on {@code node} print {@code text}. */
    public void addresses(String node, String text) {
        try {
            Files.writeString(dir.resolve("addr-" + node), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public NodeShell shell(String node) {
        return new LocalShell(node, Map.of("PATH", dir + ":" + System.getenv("PATH"), "NODE", node, "STUBS", dir.toString()));
    }

    @Override
    public ServiceControl services(String node) {
        return new ServiceControl() {
            @Override
            public void start(String name, List<String> argv) {
                services.add(node + ": start " + name);
            }

            @Override
            public boolean kill(String name) {
                services.add(node + ": kill " + name);
                return true;
            }

            @Override
            public void stop(String name) {
                services.add(node + ": stop " + name);
            }

            @Override
            public boolean isRunning(String name) {
                return true;
            }

            @Override
            public void enableAtBoot(String name, List<String> argv) {
                services.add(node + ": enable " + name);
            }
        };
    }

    /** A BMC that answers with the power {@link #powerOff} left; powering is not stood in for. */
    @Override
    public PowerDriver power(String node) {
        return new PowerDriver() {
            @Override
            public String node() {
                return node;
            }

            @Override
            public PowerState status() {
                return poweredOff.contains(node) ? PowerState.OFF : PowerState.ON;
            }

            @Override
            public void powerOff() {
                throw new UnsupportedOperationException("the stubbed BMC only answers");
            }

            @Override
            public void powerOn() {
                throw new UnsupportedOperationException("the stubbed BMC only answers");
            }
        };
    }

    @Override
    public void close() {
    }
}
