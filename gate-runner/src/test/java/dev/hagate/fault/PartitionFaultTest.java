package dev.hagate.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The iptables rules a partition puts on the cut-off node. */
class PartitionFaultTest {

    @Test
    void allTrafficToAndFromEveryPeerIsDroppedInOneCommit() {
        assertThat(PartitionFault.rules(List.of("10.78.0.12", "10.78.0.13"), null)).isEqualTo("""
                *filter
                :HAGATE-PARTITION - [0:0]
                -A HAGATE-PARTITION -s 10.78.0.12 -j DROP
                -A HAGATE-PARTITION -d 10.78.0.12 -j DROP
                -A HAGATE-PARTITION -s 10.78.0.13 -j DROP
                -A HAGATE-PARTITION -d 10.78.0.13 -j DROP
                -I INPUT 1 -j HAGATE-PARTITION
                -I OUTPUT 1 -j HAGATE-PARTITION
                COMMIT
                """);
    }

    @Test
    void onePortIsCutForTcpAndUdpInEitherDirection() {
        assertThat(PartitionFault.rules(List.of("10.78.0.12"), 5672)).contains(
                "-A HAGATE-PARTITION -s 10.78.0.12 -p tcp -m multiport --ports 5672 -j DROP\n",
                "-A HAGATE-PARTITION -d 10.78.0.12 -p tcp -m multiport --ports 5672 -j DROP\n",
                "-A HAGATE-PARTITION -s 10.78.0.12 -p udp -m multiport --ports 5672 -j DROP\n",
                "-A HAGATE-PARTITION -d 10.78.0.12 -p udp -m multiport --ports 5672 -j DROP\n")
                .doesNotContain("-A HAGATE-PARTITION -s 10.78.0.12 -j DROP");
    }
}
