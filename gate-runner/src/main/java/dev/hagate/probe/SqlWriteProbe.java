package dev.hagate.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import dev.hagate.history.RunClock.Moment;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import dev.hagate.deploy.Cloud;
import dev.hagate.topology.Service;
import dev.hagate.deploy.MariaDbUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inserts uniquely numbered rows through the database VIP at a steady rate (MariaDB Connector/J), one
 * connection kept open while it works and replaced when it breaks, as an OpenStack service's pool would.
 * Each insert is one operation: {@code ok} when committed, {@code fail} when it surely did not happen (no
 * connection, or the server refused it), {@code unknown} when the connection broke with the insert in flight.
 * After the scenario, {@link #verify} reads every row back through the VIP.
 */
public final class SqlWriteProbe implements Probe {

    public static final String NAME = "sql-writer";
    private static final String TABLE = "sql_writer";
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
    /** The longest one insert can take: a connect, the server's greeting and the insert, each with its timeout. */
    public static final Duration OPERATION_TIMEOUT = CONNECT_TIMEOUT.plus(SOCKET_TIMEOUT.multipliedBy(2));
    /** Writes through the VIP into Galera, 20 inserts a second unless told. */
    public static final ProbeKind DECLARATION = new ProbeKind(NAME, Service.GALERA, 20.0, OperationNames.WRITE, false, OPERATION_TIMEOUT, 1,
            (cloud, rate, history) -> new SqlWriteProbe(cloud.vip(), Cloud.MYSQL_PORT, cloud.database().name(),
                    cloud.database().user(), cloud.database().password(), rate, history));

    private final String url;
    private final String user;
    private final String password;
    private final History history;
    private final PacedLoop writer;
    private Connection connection;

    /**
     * @param host     the VIP (or any address speaking the MySQL protocol)
     * @param database an existing database the user may create tables in
     * @param rate     inserts per second
     */
    public SqlWriteProbe(String host, int port, String database, String user, String password, double rate,
                         History history) {
        // Short timeouts keep the probe's clock fine-grained during an outage: a failing insert costs at most
        // about a second, so the outage measured is close to the one clients saw.
        this.url = MariaDbUrl.of(host, port, database, CONNECT_TIMEOUT, SOCKET_TIMEOUT);
        this.user = user;
        this.password = password;
        this.history = history;
        this.writer = new PacedLoop(NAME, rate, OPERATION_TIMEOUT, history, this::insert);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, written_at TIMESTAMP(6) NOT NULL)");
        }
    }

    @Override
    public void start() {
        writer.start();
    }

    @Override
    public void stop() {
        writer.stop();
        closeQuietly();
    }

    @Override
    public Optional<String> failure() {
        return writer.failure();
    }

    private Operation insert(long id) {
        Moment invoked = RunClock.SYSTEM.now();
        boolean sent = false;
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, user, password);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + TABLE + " (id, written_at) VALUES (?, NOW(6))")) {
                insert.setLong(1, id);
                sent = true;
                insert.executeUpdate();
            }
            return Operation.of(NAME, OperationNames.WRITE, invoked, RunClock.SYSTEM.now(), Result.OK, null, LongNode.valueOf(id));
        } catch (SQLException e) {
            closeQuietly();
            // A server error code means the server answered "no"; without one the answer was lost in flight.
            Result result = !sent || e.getErrorCode() > 0 ? Result.FAIL : Result.UNKNOWN;
            Operation failed = Operation.of(NAME, OperationNames.WRITE, invoked, RunClock.SYSTEM.now(), result, describe(e),
                    LongNode.valueOf(id));
            return e.getErrorCode() > 0 ? failed.withErrorCode(e.getErrorCode()) : failed;
        }
    }

    @Override
    public void verify() {
        Moment invoked = RunClock.SYSTEM.now();
        AtomicReference<SQLException> last = new AtomicReference<>();
        // A read-back that never works is a failed operation in the history, not an error of the probe.
        Optional<ArrayNode> read = Wait.until("the rows read back", READ_BACK_TIMEOUT)
                .pollingEvery(Duration.ofMillis(500))
                .tryOn(() -> {
                    try {
                        return Seen.done(readBack());
                    } catch (SQLException e) {
                        last.set(e);
                        return Seen.notYet(describe(e));
                    }
                });
        history.record(read.map(ids -> Operation.of(NAME, OperationNames.READ, invoked, RunClock.SYSTEM.now(), Result.OK, ids.size() + " rows", ids))
                .orElseGet(() -> Operation.of(NAME, OperationNames.READ, invoked, RunClock.SYSTEM.now(), Result.FAIL,
                        "could not read back within " + READ_BACK_TIMEOUT.toSeconds() + " s: " + describe(last.get()), null)));
    }

    /** Every id in the table, in order. */
    private ArrayNode readBack() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT id FROM " + TABLE + " ORDER BY id")) {
            ArrayNode ids = JsonNodeFactory.instance.arrayNode();
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
            return ids;
        }
    }

    private static String describe(SQLException e) {
        if (e == null) {
            return "no attempt";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return (e.getErrorCode() > 0 ? "(" + e.getErrorCode() + ") " : "") + message;
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is already broken; there is nothing left to release.
            }
            connection = null;
        }
    }
}
