package dev.hagate.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
        factory.setConnectionTimeout(2000);
        factory.setHandshakeTimeout(2000);
        factory.setShutdownTimeout(1000);
        factory.setRequestedHeartbeat(5);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        this.history = history;
        this.publisher = new PacedLoop(NAME + "-publisher", rate, history, this::publish);
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

    private Connection connect() throws IOException, TimeoutException {
        List<Address> order = new ArrayList<>(addresses);
        Collections.rotate(order, -firstAddress);
        return factory.newConnection(order, NAME);
    }

    private Operation publish(long id) {
        Instant invoked = Instant.now();
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
                return new Operation(NAME, "publish", invoked, Instant.now(), Result.OK, null, LongNode.valueOf(id));
            }
            return new Operation(NAME, "publish", invoked, Instant.now(), Result.FAIL, "nacked by the broker", LongNode.valueOf(id));
        } catch (TimeoutException e) {
            failOver();
            return new Operation(NAME, "publish", invoked, Instant.now(), sent ? Result.UNKNOWN : Result.FAIL,
                    sent ? "no confirm within " + CONFIRM_TIMEOUT.toMillis() + " ms" : "cannot connect: timed out", LongNode.valueOf(id));
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failOver();
            return new Operation(NAME, "publish", invoked, Instant.now(), sent ? Result.UNKNOWN : Result.FAIL, describe(e),
                    LongNode.valueOf(id));
        }
    }

    private void failOver() {
        closePublisher();
        firstAddress = (firstAddress + 1) % addresses.size();
    }

    private void consumeLoop() {
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
                        Instant now = Instant.now();
                        consumed.add(id);
                        consumedIds.add(id);
                        history.record(new Operation(NAME, "consume", now, now, Result.OK,
                                envelope.isRedeliver() ? "redelivered" : null, LongNode.valueOf(id)));
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
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
        Instant invoked = Instant.now();
        Instant deadline = invoked.plus(DRAIN_TIMEOUT);
        while (Instant.now().isBefore(deadline) && !consumedAll()) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        // A moment more for redeliveries that would make duplicates.
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        consuming = false;
        try {
            consumer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ArrayNode ids = History.JSON.createArrayNode();
        List<Long> snapshot;
        synchronized (consumed) {
            snapshot = new ArrayList<>(consumed);
        }
        snapshot.forEach(ids::add);
        long distinct = consumedIds.size();
        history.record(new Operation(NAME, "read", invoked, Instant.now(), Result.OK,
                snapshot.size() + " consumed, " + distinct + " distinct" + (consumedAll() ? "" : "; the queue did not drain within "
                        + DRAIN_TIMEOUT.toSeconds() + " s"), ids));
    }

    private boolean consumedAll() {
        return consumedIds.containsAll(confirmed);
    }

    private void closePublisher() {
        try {
            if (publishConnection != null) {
                publishConnection.abort(1000);
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
