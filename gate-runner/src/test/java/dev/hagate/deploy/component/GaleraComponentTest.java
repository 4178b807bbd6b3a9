package dev.hagate.deploy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.deploy.component.Component.DatabaseAccount;
import org.junit.jupiter.api.Test;

class GaleraComponentTest {

    @Test
    void thePasswordHashIsTheOneMariaDbStores() {
        // SELECT PASSWORD('password') on any MariaDB.
        assertThat(GaleraComponent.nativePasswordHash("password")).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
    }

    @Test
    void anAccountsSqlHoldsNoPassword() {
        String sql = GaleraComponent.accountSql(new DatabaseAccount("keystone", "keystone", "keystone_database"), "s3cret-value");
        assertThat(sql).doesNotContain("s3cret-value")
                .contains("CREATE USER IF NOT EXISTS 'keystone'@'%' IDENTIFIED BY PASSWORD '"
                        + GaleraComponent.nativePasswordHash("s3cret-value") + "'")
                .contains("GRANT ALL ON keystone.* TO 'keystone'@'%'");
    }

    @Test
    void namesThatAreNotPlainNeverReachSql() {
        assertThatThrownBy(() -> GaleraComponent.accountSql(new DatabaseAccount("x; DROP DATABASE y", "u", "s"), "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
