package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SoftwareVersionsTest {

    @Test
    void theReleaseAndEachInstalledPackageWithoutItsEpoch() {
        Map<String, String> versions = SoftwareVersions.parse("release=trixie\nmariadb-server=1:11.8.9+ds-0+deb13u1\n"
                + "rabbitmq-server=4.0.5-6+deb13u2\nerlang-base=1:27.3.4.1+dfsg-1+deb13u4\nkeystone=2:27.0.0-3+deb13u6\n");

        assertThat(versions).containsExactly(Map.entry("release", "trixie"), Map.entry("mariadb", "11.8.9+ds-0+deb13u1"),
                Map.entry("rabbitmq", "4.0.5-6+deb13u2"), Map.entry("erlang", "27.3.4.1+dfsg-1+deb13u4"),
                Map.entry("keystone", "27.0.0-3+deb13u6"));
        assertThat(SoftwareVersions.describe(versions)).isEqualTo("Debian trixie: mariadb 11.8.9+ds-0+deb13u1, rabbitmq "
                + "4.0.5-6+deb13u2, erlang 27.3.4.1+dfsg-1+deb13u4, keystone 27.0.0-3+deb13u6");
    }

    @Test
    void aNodeThatDoesNotSayItsReleaseIsUnknownNotBlank() {
        assertThat(SoftwareVersions.parse("haproxy=3.0.11-1\n")).containsEntry("release", "unknown").containsEntry("haproxy", "3.0.11-1");
    }
}
