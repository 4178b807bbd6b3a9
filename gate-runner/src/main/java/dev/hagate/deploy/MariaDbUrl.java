package dev.hagate.deploy;

import java.time.Duration;

/**
 * The one place a JDBC URL for MariaDB Connector/J is made. Every caller names its own timeouts, since they
 * differ for a reason: a probe keeps them short so its clock stays fine while the service is down, a question
 * asked once (who is the writer) can wait longer.
 */
public final class MariaDbUrl {

    private MariaDbUrl() {
    }

    /**
     * {@code jdbc:mariadb://host:port/database} with a connect timeout and a socket (read) timeout, in whole
     * milliseconds as the driver takes them.
     */
    public static String of(String host, int port, String database, Duration connectTimeout, Duration socketTimeout) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + database + "?connectTimeout=" + connectTimeout.toMillis()
                + "&socketTimeout=" + socketTimeout.toMillis();
    }
}
