package dev.hagate.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The network interfaces already on the machine a lab is about to be built on, each with the IPv4 networks
 * it carries: what that lab's bridge and subnet must keep clear of ({@code eth0}, {@code docker0}, a LAN).
 * {@link TopologyLoader} is given them, so the check is the same in a test as on a machine.
 *
 * @param networks interface name to the networks on it (empty when it has no IPv4 address)
 */
public record HostInterfaces(Map<String, List<Subnet>> networks) {

    public HostInterfaces {
        networks = Collections.unmodifiableMap(new TreeMap<>(networks));
    }

    /** For files read without building anything here (validation, a lab on other machines). */
    public static HostInterfaces none() {
        return new HostInterfaces(Map.of());
    }

    /** This machine's interfaces (as {@code /sys/class/net} lists them) and their IPv4 networks. */
    public static HostInterfaces ofThisMachine() {
        Map<String, List<Subnet>> found = new TreeMap<>();
        Path sys = Path.of("/sys/class/net");
        try (Stream<Path> names = Files.isDirectory(sys) ? Files.list(sys) : Stream.empty()) {
            names.forEach(name -> found.put(name.getFileName().toString(), new ArrayList<>()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list this machine's network interfaces in " + sys, e);
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                List<Subnet> nets = found.computeIfAbsent(nic.getName(), n -> new ArrayList<>());
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        nets.add(Subnet.of(java.nio.ByteBuffer.wrap(v4.getAddress()).getInt(), a.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot read this machine's network addresses", e);
        }
        return new HostInterfaces(found);
    }

    public boolean has(String name) {
        return networks.containsKey(name);
    }

    /** The first interface (by name) carrying a network that overlaps {@code subnet}, with that network. */
    public Optional<Map.Entry<String, Subnet>> overlapping(Subnet subnet) {
        return networks.entrySet().stream().flatMap(e -> e.getValue().stream().filter(subnet::overlaps)
                .map(net -> Map.entry(e.getKey(), net))).findFirst();
    }
}
