package dev.hagate.probe;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import dev.hagate.history.RunClock.Moment;
import dev.hagate.deploy.Cloud;
import dev.hagate.topology.Service;
import dev.hagate.deploy.MariaDbUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several clients running the same short transaction on the same rows through the VIP, as OpenStack services
 * do to claim a resource: {@code SELECT ... FOR UPDATE}, then {@code UPDATE}, then {@code COMMIT}. On one
 * Galera node they queue on the row locks; spread over several, Galera's certification aborts all but one with
 * a deadlock (error 1213), which a client must retry. Each attempt is one {@code txn} operation; a deadlock is
 * recorded as {@code fail} with the error code {@value #DEADLOCK}, and the client retries it as its next attempt.
 * Each operation's value is the number of the client that made it (1 to {@value #CLIENTS}), so each client's
 * outages can be told apart.
 */
public final class SqlContentionProbe implements Probe {

    public static final String NAME = "sql-contention";
    /** MariaDB's error code for a transaction aborted as a deadlock ({@code ER_LOCK_DEADLOCK}). */
    public static final int DEADLOCK = 1213;
    public static final int CLIENTS = 4;
    private static final String TABLE = "sql_contention";
    private static final int ROWS = 2;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The longest one attempt can take: a connect, then six round trips each with its timeout (the greeting,
     * autocommit off, select, update, commit, and the rollback after a failure).
     */
    public static final Duration OPERATION_TIMEOUT = CONNECT_TIMEOUT.plus(SOCKET_TIMEOUT.multipliedBy(6));
    /** Contending transactions through the VIP, 20 a second over all its clients unless told. */
    public static final ProbeKind DECLARATION = new ProbeKind(NAME, Service.GALERA, 20.0, OperationNames.TXN, false, OPERATION_TIMEOUT, CLIENTS,
            (cloud, rate, history) -> new SqlContentionProbe(cloud.vip(), Cloud.MYSQL_PORT, cloud.database().name(),
                    cloud.database().user(), cloud.database().password(), rate, history));

    private final String url;
    private final String user;
    private final String password;
    private final List<PacedLoop> clients = new ArrayList<>();
    private final List<Connection[]> connections = new ArrayList<>();

    /** @param rate transactions per second, over all clients together */
    public SqlContentionProbe(String host, int port, String database, String user, String password, double rate,
                              History history) {
        this.url = MariaDbUrl.of(host, port, database, CONNECT_TIMEOUT, SOCKET_TIMEOUT);
        this.user = user;
        this.password = password;
        for (int i = 0; i < CLIENTS; i++) {
            Connection[] connection = new Connection[1];
            connections.add(connection);
            int client = i + 1;
            clients.add(new PacedLoop(NAME + "-" + client, rate / CLIENTS, OPERATION_TIMEOUT, history,
                    n -> transaction(client, connection)));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, claims BIGINT NOT NULL)");
            for (int id = 1; id <= ROWS; id++) {
                s.execute("INSERT INTO " + TABLE + " VALUES (" + id + ", 0)");
            }
        }
    }

    @Override
    public void start() {
        clients.forEach(PacedLoop::start);
    }

    @Override
    public void stop() {
        clients.forEach(PacedLoop::stop);
        for (Connection[] c : connections) {
            close(c);
        }
    }

    /** The first client that stopped on its own, if any did. */
    @Override
    public Optional<String> failure() {
        return clients.stream().map(PacedLoop::failure).flatMap(Optional::stream).findFirst();
    }

    private Operation transaction(int client, Connection[] connection) {
        Moment invoked = RunClock.SYSTEM.now();
        try {
            if (connection[0] == null) {
                connection[0] = DriverManager.getConnection(url, user, password);
                connection[0].setAutoCommit(false);
            }
            Connection c = connection[0];
            try (PreparedStatement lock = c.prepareStatement("SELECT id, claims FROM " + TABLE + " WHERE id <= ? FOR UPDATE");
                 PreparedStatement claim = c.prepareStatement("UPDATE " + TABLE + " SET claims = claims + 1 WHERE id <= ?")) {
                lock.setInt(1, ROWS);
                lock.executeQuery().close();
                claim.setInt(1, ROWS);
                claim.executeUpdate();
                c.commit();
            }
            return Operation.of(NAME, OperationNames.TXN, invoked, RunClock.SYSTEM.now(), Result.OK, "client " + client, LongNode.valueOf(client));
        } catch (SQLException e) {
            rollback(connection);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            String detail = (e.getErrorCode() > 0 ? "(" + e.getErrorCode() + ") " : "") + message + "; client " + client;
            Operation failed = Operation.of(NAME, OperationNames.TXN, invoked, RunClock.SYSTEM.now(), Result.FAIL, detail,
                    LongNode.valueOf(client));
            return e.getErrorCode() > 0 ? failed.withErrorCode(e.getErrorCode()) : failed;
        }
    }

    private static void rollback(Connection[] connection) {
        try {
            if (connection[0] != null) {
                connection[0].rollback();
            }
        } catch (SQLException e) {
            // The connection itself broke: a new one is made for the next attempt.
            close(connection);
        }
    }

    private static void close(Connection[] connection) {
        if (connection[0] != null) {
            try {
                connection[0].close();
            } catch (SQLException ignored) {
                // Already broken; nothing left to release.
            }
            connection[0] = null;
        }
    }
}
