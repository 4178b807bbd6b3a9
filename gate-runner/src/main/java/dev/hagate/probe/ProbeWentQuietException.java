package dev.hagate.probe;

import dev.hagate.lab.LabException;

/**
 * A probe stopped measuring while the scenario still ran: its client thread died, hung past its own timeout,
 * or its record has a gap. What happened to the cloud in that time is unknown, so the run cannot vote (exit 3),
 * whatever the checks would say. The message names the probe and the gap.
 */
public class ProbeWentQuietException extends LabException {

    public ProbeWentQuietException(String message) {
        super(message);
    }

    public ProbeWentQuietException(String message, Throwable cause) {
        super(message, cause);
    }
}
