package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IpmiPowerTest {

    @Test
    void theSessionUsesTheCipherSuiteItIsGiven() {
        IpmiPower power = new IpmiPower("ctl1", "192.0.2.111", 623, "hagate", Path.of("/secrets/ctl1"), 17);
        assertThat(power.argv("power", "status")).containsExactly("ipmitool", "-I", "lanplus", "-C", "17", "-H",
                "192.0.2.111", "-p", "623", "-U", "hagate", "-E", "-N", "2", "-R", "1", "power", "status");
    }

    @Test
    void withoutOneItAsksForCipherSuiteThree() {
        IpmiPower power = new IpmiPower("ctl1", "127.0.0.1", 6230, "hagate", Path.of("/secrets/ctl1"));
        assertThat(power.argv("exec", "/tmp/hagate-ipmi.txt", "off")).containsSubsequence("-C", "3")
                .endsWith("exec", "/tmp/hagate-ipmi.txt");
    }
}
