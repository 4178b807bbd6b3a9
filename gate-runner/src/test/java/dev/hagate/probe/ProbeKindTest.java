package dev.hagate.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.topology.Service;
import org.junit.jupiter.api.Test;

/** Each probe kind declares its service, its default rate, its operation and its timeout beside its class. */
class ProbeKindTest {

    @Test
    void theRegistryFindsEveryKindByNameInTheOrderMessagesListThem() {
        assertThat(ProbeKinds.names()).containsExactly("sql-writer", "amqp", "keystone-token", "sql-contention", "router-ping",
                "gateway-holders", "neutron-api");
        assertThat(ProbeKinds.find("amqp")).containsSame(AmqpProbe.DECLARATION);
        assertThat(ProbeKinds.find("no-such-probe")).isEmpty();
    }

    @Test
    void aScenariosRateWinsOverTheDefault() {
        assertThat(KeystoneTokenProbe.DECLARATION.rate(null)).isEqualTo(5.0);
        assertThat(KeystoneTokenProbe.DECLARATION.rate(2.5)).isEqualTo(2.5);
    }

    @Test
    void onlyTheGatewaySamplerRepeatsNoOperationAndOnlyTheContentionProbeRunsSeveralClients() {
        assertThat(ProbeKinds.all().stream().filter(ProbeKind::samples).map(ProbeKind::name)).containsExactly("gateway-holders");
        assertThat(ProbeKinds.all().stream().filter(k -> k.clients() > 1).map(ProbeKind::name)).containsExactly("sql-contention");
        assertThat(SqlContentionProbe.DECLARATION.operationTimeout()).isEqualTo(SqlContentionProbe.OPERATION_TIMEOUT);
        assertThat(RouterPingProbe.DECLARATION.service()).isEqualTo(Service.NEUTRON_L3_AGENT);
    }
}
