package dev.hagate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubnetTest {

    @Test
    void parsesAndNormalisesTheNetwork() {
        Subnet s = Subnet.parse("10.77.0.5/24");
        assertThat(s).hasToString("10.77.0.0/24");
        assertThat(s.bridgeAddress()).isEqualTo("10.77.0.1");
    }

    @Test
    void hostAddressesExcludeNetworkAndBroadcast() {
        Subnet s = Subnet.parse("10.77.0.0/24");
        assertThat(s.hasHost("10.77.0.11")).isTrue();
        assertThat(s.hasHost("10.77.0.0")).isFalse();
        assertThat(s.hasHost("10.77.0.255")).isFalse();
        assertThat(s.hasHost("10.77.1.1")).isFalse();
        assertThat(s.hasHost("10.77.0.256")).isFalse();
    }

    @Test
    void rejectsWhatIsNotASubnet() {
        assertThat(Subnet.parse("10.77.0.0")).isNull();
        assertThat(Subnet.parse("10.77.0.0/33")).isNull();
        assertThat(Subnet.parse("ten/24")).isNull();
        assertThat(Subnet.parse(null)).isNull();
    }
}
