package dev.hagate.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A service the deployer knows how to put on a node, by the id topology files name it with. Which ids exist is
 * the deployer's to say ({@link Catalog}); the constants are the services code refers to by name (a fault that
 * targets Galera, a probe that needs Keystone).
 */
public record Service(String id) implements Comparable<Service> {

    public static final Service GALERA = new Service("galera");
    public static final Service RABBITMQ = new Service("rabbitmq");
    public static final Service MEMCACHED = new Service("memcached");
    public static final Service KEYSTONE = new Service("keystone");
    public static final Service HAPROXY = new Service("haproxy");
    public static final Service KEEPALIVED = new Service("keepalived");
    /** Neutron's API and RPC servers. */
    public static final Service NEUTRON_SERVER = new Service("neutron-server");
    /** Open vSwitch (userspace datapath) and Neutron's Open vSwitch agent: a node's part of Neutron's networks. */
    public static final Service NEUTRON_OVS_AGENT = new Service("neutron-ovs-agent");
    /** Neutron's L3 agent: the HA router's namespace and keepalived on each network node. */
    public static final Service NEUTRON_L3_AGENT = new Service("neutron-l3-agent");
    /** A Neutron port behind the HA router, plugged into a namespace as a tenant VM. */
    public static final Service NEUTRON_CLIENT = new Service("neutron-client");

    public Service {
        Objects.requireNonNull(id, "id");
    }

    /** The service {@code id} names; whether the deployer knows it is checked by {@link TopologyLoader}. */
    @JsonCreator
    public static Service of(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("expected a service name");
        }
        return new Service(id);
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    @Override
    public int compareTo(Service other) {
        return id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * Which services exist: the deployer's components, given to this package without it importing the deployer
     * (a later stage of the flow). Exactly one implementation is found on the class path through
     * {@link ServiceLoader}, registered once under {@code META-INF/services}; the implementation finds the
     * services themselves, so adding one registers nothing here.
     */
    public interface Catalog {

        /** Every service a topology may name. */
        Set<Service> known();

        /** The services a topology that runs {@code service} must run too (its database, its VIP, ...). */
        default Set<Service> needs(Service service) {
            return Set.of();
        }

        /** Every Debian package some service's nodes need: the node image holds them all. */
        default Set<String> packages() {
            return Set.of();
        }

        /** The catalog on the class path. */
        static Catalog installed() {
            List<Catalog> found = ServiceLoader.load(Catalog.class).stream().map(ServiceLoader.Provider::get).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one " + Catalog.class.getName() + " on the class path, found "
                        + found.size());
            }
            return found.get(0);
        }

        /** The ids of {@code services} in order, for messages: "galera, haproxy, ...". */
        static String list(Set<Service> services) {
            return new TreeSet<>(services).stream().map(Service::id).collect(Collectors.joining(", "));
        }
    }
}
