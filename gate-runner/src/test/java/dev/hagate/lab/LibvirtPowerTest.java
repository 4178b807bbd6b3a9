package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.lab.PowerDriver.PowerState;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.DomainInfo.DomainState;

class LibvirtPowerTest {

    @TempDir
    Path tmp;

    private LabDirectory dir;
    private LibvirtDomains domains;
    private NodeSpec node;
    private LibvirtPower power;

    @BeforeEach
    void aDefinedRunningDomain() {
        LibvirtTestLab.assumeLibvirt();
        Topology topology = LibvirtTestLab.topology(tmp);
        dir = new LabDirectory(tmp.resolve("state"));
        dir.takeLease(topology.name(), "libvirt.yaml", "run");
        domains = new LibvirtDomains(topology, dir);
        node = topology.nodes().get(0);
        domains.define(node);
        domains.start(node);
        power = new LibvirtPower(node.name(), node.domain(), LibvirtTestLab.URI);
    }

    @AfterEach
    void down() {
        if (dir != null) {
            assertThat(Labs.down(dir)).isEmpty();
        }
    }

    @Test
    void aRunningDomainIsOn() {
        assertThat(power.status()).isEqualTo(PowerState.ON);
        // The test hypervisor's own domain, which this lab did not make, reads the same way.
        assertThat(new LibvirtPower("test", "test", LibvirtTestLab.URI).status()).isEqualTo(PowerState.ON);
    }

    @Test
    void powerOffDestroysTheDomainAndPowerOnBootsIt() {
        power.powerOff();
        assertThat(domains.state(node)).isEqualTo(DomainState.VIR_DOMAIN_SHUTOFF);
        assertThat(power.status()).isEqualTo(PowerState.OFF);
        power.powerOff(); // already off: nothing to do, no error

        power.powerOn();
        assertThat(domains.state(node)).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);
        assertThat(power.status()).isEqualTo(PowerState.ON);
        power.powerOn(); // already on
        assertThat(power.status()).isEqualTo(PowerState.ON);
    }

    @Test
    void resetKeepsARunningDomainOnAndBootsOneThatIsOff() {
        power.reset();
        assertThat(domains.state(node)).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);
        power.powerOff();
        power.reset();
        assertThat(domains.state(node)).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);
    }

    @Test
    void aPausedDomainIsStillPoweredOn() throws Exception {
        LibvirtTestLab.connect().domainLookupByName(node.domain()).suspend();
        assertThat(domains.state(node)).isEqualTo(DomainState.VIR_DOMAIN_PAUSED);
        assertThat(power.status()).isEqualTo(PowerState.ON);
    }

    @Test
    void aMissingDomainIsALabErrorNamingDomainNodeAndUri() {
        LibvirtPower missing = new LibvirtPower("ctl9", "no-such-domain", LibvirtTestLab.URI);
        assertThatThrownBy(missing::status).isInstanceOf(LabException.class)
                .hasMessage("cannot read the state of libvirt domain 'no-such-domain' (node ctl9) on test:///default: no such domain");
        assertThatThrownBy(missing::powerOff).isInstanceOf(LabException.class)
                .hasMessageContaining("cannot power off libvirt domain 'no-such-domain' (node ctl9) on test:///default");
    }

    @Test
    void anUnreachableHypervisorIsALabErrorNamingDomainAndUri() {
        // Nothing listens on port 1 of loopback: the connection is refused at once.
        LibvirtPower unreachable = new LibvirtPower("ctl1", "hagate-ctl1", "qemu+tcp://127.0.0.1:1/system");
        assertThatThrownBy(unreachable::powerOn).isInstanceOf(LabException.class)
                .hasMessageContaining("cannot power on libvirt domain 'hagate-ctl1' (node ctl1)")
                .hasMessageContaining("cannot connect to libvirt at qemu+tcp://127.0.0.1:1/system")
                .hasMessageContaining("Connection refused");
    }
}
