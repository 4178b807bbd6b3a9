package dev.hagate.history;

/**
 * The names operations carry in a history ({@link Operation#op}), one constant for each, shared by whoever
 * records an operation and whoever reads it back. They are part of the history file format: a name never
 * changes, or older histories stop being judged the same.
 */
public final class OperationNames {

    /** A row inserted through the VIP ({@code sql-writer}). */
    public static final String WRITE = "write";
    /** What a probe reads back at its end to find what was lost: rows, or messages consumed. */
    public static final String READ = "read";
    /** A message published and confirmed by the broker ({@code amqp}). */
    public static final String PUBLISH = "publish";
    /** A message delivered to the probe's consumer ({@code amqp}). */
    public static final String CONSUME = "consume";
    /** A Keystone token issued and validated ({@code keystone-token}). */
    public static final String TOKEN = "token";
    /** One attempt at the contended transaction ({@code sql-contention}). */
    public static final String TXN = "txn";
    /** An ICMP echo to the router's floating IP ({@code router-ping}). */
    public static final String PING = "ping";
    /** A port made, the routers listed and the port deleted through Neutron's API ({@code neutron-api}). */
    public static final String PORT_CYCLE = "port-cycle";
    /** Which routers answer as the gateway, sampled ({@code gateway-holders}). */
    public static final String HOLDERS = "holders";

    /** The scenario's phases, in its own history ({@link History#SCENARIO}). */
    public static final String WARMUP = "warmup";
    public static final String FAULT = "fault";
    public static final String HOLD = "hold";
    public static final String RECOVER = "recover";
    public static final String COOLDOWN = "cooldown";
    /** Bringing the cloud back to whole before a scenario that follows another. */
    public static final String RESET = "reset";
    /** One examination of the cloud's health after the scenario. */
    public static final String HEALTH = "health";

    private OperationNames() {}
}
