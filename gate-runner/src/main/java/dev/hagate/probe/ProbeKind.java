package dev.hagate.probe;

import dev.hagate.deploy.Cloud;
import dev.hagate.history.History;
import dev.hagate.topology.Service;
import java.time.Duration;

/**
 * One kind of probe as a scenario file names it, declared beside the probe's class: its name, the service it
 * uses (a scenario may only name probes its topology's nodes can serve), its rate when the scenario gives
 * none, the operation it records, the longest one operation can take, how many clients it runs, and how it
 * is built. {@link ProbeKinds} finds every kind; the scenario loader validates against these declarations,
 * and the runner builds and judges through them.
 *
 * @param defaultRate      operations per second when a scenario gives no rate
 * @param operation        the operation it records: what an outage is measured on
 * @param samples          whether it only samples state ({@code gateway-holders}) rather than repeating an operation
 *                         that succeeds or fails: no outage, share of failures or latency can be measured on it
 * @param operationTimeout the longest one operation can take, by its client's own timeouts
 * @param clients          how many clients it runs, each judged on its own
 */
public record ProbeKind(String name, Service service, double defaultRate, String operation, boolean samples,
                        Duration operationTimeout, int clients, Builder builder) {

    /** How a probe of this kind is made for one scenario. */
    @FunctionalInterface
    public interface Builder {
        /** @param rate operations per second, the scenario's or the default */
        Probe build(Cloud cloud, double rate, History history);
    }

    /** Operations per second: {@code rate} when the scenario gives one (not null), else this kind's default. */
    public double rate(Double rate) {
        return rate == null ? defaultRate : rate;
    }

    /** The probe a scenario asks for, at its rate (null: the default), recording into {@code history}. */
    public Probe build(Cloud cloud, Double rate, History history) {
        return builder.build(cloud, rate(rate), history);
    }
}
