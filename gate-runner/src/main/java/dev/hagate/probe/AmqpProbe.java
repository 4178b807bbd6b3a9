package dev.hagate.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import dev.hagate.history.RunClock;
import dev.hagate.history.RunClock.Moment;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.RabbitCluster;
import dev.hagate.topology.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes numbered persistent messages to a quorum queue with publisher confirms, and consumes them on a
 * connection of its own, as an OpenStack service's RPC client and server would (RabbitMQ Java client). Both
 * are given every RabbitMQ node and reconnect to the next one when theirs fails.
 * Each publish is one operation: {@code ok} when the broker confirmed it (it must then be consumed), {@code fail}
 * when it was refused or could not be sent, {@code unknown} when the connection broke before the confirm.
 * Each delivery is a {@code consume} operation; after the scenario {@link #verify} waits for the queue to drain
 * and records every id consumed, duplicates included, as the {@code read}.
 */
public final class AmqpProbe implements Probe {

    public static final String NAME = "amqp";
    static final String QUEUE = "hagate-probe";
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ABORT_TIMEOUT = Duration.ofSeconds(1);
    /**
     * The longest one publish can take, in a cluster of three: a connection tried on each node in turn, a
     * channel opened and put in confirm mode, the confirm awaited and, on failure, the connection aborted.
     */
    public static final Duration OPERATION_TIMEOUT = CONNECT_TIMEOUT.plus(HANDSHAKE_TIMEOUT).multipliedBy(3)
            .plus(RPC_TIMEOUT.multipliedBy(2)).plus(CONFIRM_TIMEOUT).plus(ABORT_TIMEOUT);
    /** Publishes to RabbitMQ with confirms, 20 messages a second unless told. */
    public static final ProbeKind DECLARATION = new ProbeKind(NAME, Service.RABBITMQ, 20.0, OperationNames.PUBLISH, false, OPERATION_TIMEOUT, 1,
            (cloud, rate, history) -> new AmqpProbe(cloud.messagingAddresses(), RabbitCluster.AMQP_PORT, cloud.messaging().user(),
                    cloud.messaging().password(), rate, history));
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(200);

    private final List<Address> addresses;
    private final ConnectionFactory factory = new ConnectionFactory();
    private final History history;
    private final PacedLoop publisher;
    private final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    /** Every delivery, duplicates included, in order; and the distinct ids among them. */
    private final List<Long> consumed = Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> consumedIds = ConcurrentHashMap.newKeySet();
    private volatile boolean consuming;
    private volatile String consumerFailure;
    private Thread consumer;
    private Connection publishConnection;
    private Channel publishChannel;
    /** Which address each new connection tries first: the next one after a failure, as oslo.messaging does. */
    private int firstAddress;

    /** @param hosts every RabbitMQ node's address */
    public AmqpProbe(List<String> hosts, int port, String user, String password, double rate, History history) {
        this.addresses = hosts.stream().map(h -> new Address(h, port)).toList();
        factory.setUsername(user);
        factory.setPassword(password);
        // Short timeouts keep the probe's clock fine-grained; recovery is the probe's own, so it is recorded.
        factory.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
        factory.setHandshakeTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
        // The client's default waits ten minutes for a channel to open; a publish must not hang past its timeout.
        factory.setChannelRpcTimeout((int) RPC_TIMEOUT.toMillis());
        factory.setShutdownTimeout(1000);
        factory.setRequestedHeartbeat(5);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        this.history = history;
        this.publisher = new PacedLoop(NAME + "-publisher", rate, OPERATION_TIMEOUT, history, this::publish);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A fresh quorum queue: nothing left from an earlier scenario can count as consumed. */
    @Override
    public void prepare() throws IOException, TimeoutException {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDelete(QUEUE);
            ch.queueDeclare(QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
        }
    }

    @Override
    public void start() {
        consuming = true;
        consumer = new Thread(this::consumeLoop, NAME + "-consumer");
        consumer.setDaemon(true);
        consumer.start();
        publisher.start();
    }

    @Override
    public void stop() {
        publisher.stop();
        closePublisher();
    }

    /** The publisher's failure, else the consumer's: a consumer that died would make every later message look lost. */
    @Override
    public Optional<String> failure() {
        return publisher.failure().or(() -> Optional.ofNullable(consumerFailure));
    }

    private Connection connect() throws IOException, TimeoutException {
        List<Address> order = new ArrayList<>(addresses);
        Collections.rotate(order, -firstAddress);
        return factory.newConnection(order, NAME);
    }

    private Operation publish(long id) {
        Moment invoked = RunClock.SYSTEM.now();
        boolean sent = false;
        try {
            if (publishChannel == null || !publishChannel.isOpen()) {
                closePublisher();
                publishConnection = connect();
                publishChannel = publishConnection.createChannel();
                publishChannel.confirmSelect();
            }
            AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC.builder().messageId(Long.toString(id)).build();
            publishChannel.basicPublish("", QUEUE, persistent, Long.toString(id).getBytes(StandardCharsets.UTF_8));
            sent = true;
            if (publishChannel.waitForConfirms(CONFIRM_TIMEOUT.toMillis())) {
                confirmed.add(id);
                return Operation.of(NAME, OperationNames.PUBLISH, invoked, RunClock.SYSTEM.now(), Result.OK, null, LongNode.valueOf(id));
            }
            return Operation.of(NAME, OperationNames.PUBLISH, invoked, RunClock.SYSTEM.now(), Result.FAIL, "nacked by the broker", LongNode.valueOf(id));
        } catch (TimeoutException e) {
            failOver();
            return Operation.of(NAME, OperationNames.PUBLISH, invoked, RunClock.SYSTEM.now(), sent ? Result.UNKNOWN : Result.FAIL,
                    sent ? "no confirm within " + CONFIRM_TIMEOUT.toMillis() + " ms" : "cannot connect: timed out", LongNode.valueOf(id));
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failOver();
            return Operation.of(NAME, OperationNames.PUBLISH, invoked, RunClock.SYSTEM.now(), sent ? Result.UNKNOWN : Result.FAIL, describe(e),
                    LongNode.valueOf(id));
        }
    }

    private void failOver() {
        closePublisher();
        firstAddress = (firstAddress + 1) % addresses.size();
    }

    private void consumeLoop() {
        try {
            consumeUntilStopped();
        } catch (RuntimeException | Error e) {
            consumerFailure = "consumer thread " + NAME + "-consumer died: " + e;
        }
    }

    private void consumeUntilStopped() {
        int start = 0;
        while (consuming) {
            List<Address> order = new ArrayList<>(addresses);
            Collections.rotate(order, -start);
            try (Connection c = factory.newConnection(order, NAME + "-consumer"); Channel ch = c.createChannel()) {
                ch.basicQos(50);
                ch.basicConsume(QUEUE, false, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
                        long id = Long.parseLong(new String(body, StandardCharsets.UTF_8));
                        Moment now = RunClock.SYSTEM.now();
                        consumed.add(id);
                        consumedIds.add(id);
                        history.record(Operation.of(NAME, OperationNames.CONSUME, now, now, Result.OK,
                                envelope.isRedeliver() ? "redelivered" : null, LongNode.valueOf(id)));
                        try {
                            getChannel().basicAck(envelope.getDeliveryTag(), false);
                        } catch (AlreadyClosedException e) {
                            // Its node closed the channel (paused, restarting): the message comes again, a duplicate.
                        }
                    }
                });
                while (consuming && c.isOpen() && ch.isOpen()) {
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                // The node went away; the next one is tried after a pause, as a service's consumer would.
                start = (start + 1) % addresses.size();
                LockSupport.parkNanos(RECONNECT_PAUSE.toNanos());
            }
        }
    }

    /** Waits until every confirmed message has been consumed (or the drain times out), then records what was. */
    @Override
    public void verify() {
        Moment invoked = RunClock.SYSTEM.now();
        // A queue that does not drain is what the history then shows, not an error of the probe.
        Wait.until("every confirmed message consumed", DRAIN_TIMEOUT)
                .tryOn(() -> consumedAll() ? Seen.done(Boolean.TRUE) : Seen.notYet("not all consumed"));
        // A moment more for redeliveries that would make duplicates.
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        consuming = false;
        try {
            consumer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        List<Long> snapshot;
        synchronized (consumed) {
            snapshot = new ArrayList<>(consumed);
        }
        snapshot.forEach(ids::add);
        long distinct = consumedIds.size();
        history.record(Operation.of(NAME, OperationNames.READ, invoked, RunClock.SYSTEM.now(), Result.OK,
                snapshot.size() + " consumed, " + distinct + " distinct" + (consumedAll() ? "" : "; the queue did not drain within "
                        + DRAIN_TIMEOUT.toSeconds() + " s"), ids));
    }

    private boolean consumedAll() {
        return consumedIds.containsAll(confirmed);
    }

    private void closePublisher() {
        try {
            if (publishConnection != null) {
                publishConnection.abort((int) ABORT_TIMEOUT.toMillis());
            }
        } finally {
            publishConnection = null;
            publishChannel = null;
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
        return cause.getClass().getSimpleName() + ": " + message;
    }
}
