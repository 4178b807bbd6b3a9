package dev.hagate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostInterfacesTest {

    @Test
    void thisMachinesInterfacesIncludeLoopbackWithItsNetwork() {
        HostInterfaces here = HostInterfaces.ofThisMachine();
        assertThat(here.has("lo")).isTrue();
        assertThat(here.overlapping(Subnet.parse("127.0.0.0/24"))).hasValueSatisfying(found -> {
            assertThat(found.getKey()).isEqualTo("lo");
            assertThat(found.getValue()).isEqualTo(Subnet.LOOPBACK);
        });
    }

    @Test
    void anInterfaceWithoutAddressesOverlapsNothing() {
        HostInterfaces host = new HostInterfaces(Map.of("virbr0", List.of(), "eth0", List.of(Subnet.parse("192.0.2.0/24"))));
        assertThat(host.has("virbr0")).isTrue();
        assertThat(host.overlapping(Subnet.parse("10.77.0.0/24"))).isEmpty();
        assertThat(host.overlapping(Subnet.parse("192.0.2.0/25"))).contains(Map.entry("eth0", Subnet.parse("192.0.2.0/24")));
    }
}
