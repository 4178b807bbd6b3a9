package dev.hagate.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** A service the deployer knows how to put on a node. */
public enum Service {
    GALERA("galera"),
    RABBITMQ("rabbitmq"),
    MEMCACHED("memcached"),
    KEYSTONE("keystone"),
    HAPROXY("haproxy"),
    KEEPALIVED("keepalived"),
    /** A Neutron L3 HA style router: its namespace and keepalived on each network node. */
    L3_ROUTER("l3-router"),
    /** A client behind that router: a namespace on the router's internal network, as a tenant VM. */
    L3_CLIENT("l3-client");

    private final String id;

    Service(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Service of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service '" + id + "'; expected one of: "
                        + String.join(", ", Arrays.stream(values()).map(Service::id).toList())));
    }

    @Override
    public String toString() {
        return id;
    }
}
