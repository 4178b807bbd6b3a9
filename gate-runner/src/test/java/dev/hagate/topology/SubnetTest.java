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
    void addressesWithLeadingZerosAreRefusedSinceParsersReadThemDifferently() {
        assertThat(Subnet.parseAddress("10.77.0.11")).isEqualTo(10 << 24 | 77 << 16 | 11);
        assertThat(Subnet.parseAddress("10.0.0.0")).isEqualTo(10 << 24);
        assertThat(Subnet.parseAddress("10.77.0.011")).isNull();
        assertThat(Subnet.parseAddress("010.77.0.11")).isNull();
        assertThat(Subnet.parseAddress("10.77.00.11")).isNull();
        assertThat(Subnet.parse("10.77.0.0/024")).isNull();
        assertThat(Subnet.parse("10.77.00.0/24")).isNull();
    }

    @Test
    void subnetsOverlapWhenOneHoldsTheOther() {
        Subnet lab = Subnet.parse("10.77.0.0/24");
        assertThat(lab.overlaps(Subnet.parse("10.0.0.0/8"))).isTrue();
        assertThat(Subnet.parse("10.0.0.0/8").overlaps(lab)).isTrue();
        assertThat(lab.overlaps(Subnet.of(10 << 24 | 77 << 16 | 5, 32))).isTrue();
        assertThat(lab.overlaps(Subnet.parse("10.78.0.0/24"))).isFalse();
        assertThat(Subnet.parse("127.1.0.0/16").overlaps(Subnet.LOOPBACK)).isTrue();
    }

    @Test
    void rejectsWhatIsNotASubnet() {
        assertThat(Subnet.parse("10.77.0.0")).isNull();
        assertThat(Subnet.parse("10.77.0.0/33")).isNull();
        assertThat(Subnet.parse("ten/24")).isNull();
        assertThat(Subnet.parse(null)).isNull();
    }
}
