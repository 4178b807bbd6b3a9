package dev.hagate.vote;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The gate's answer, with the exit code and vote each maps to. {@code ERROR} (the lab broke) never votes:
 * an infrastructure failure must not become a pass, nor a -1 on somebody's change. {@code NOT_RUN} is a
 * scenario's only, never a run's: the scenario did not run because an earlier one left no cloud to run on.
 */
public enum Verdict {
    PASS(ExitCodes.PASS, "+1"),
    FAIL(ExitCodes.FAIL, "-1"),
    ERROR(ExitCodes.INFRASTRUCTURE, "none"),
    NOT_RUN(ExitCodes.INFRASTRUCTURE, "none");

    private final int exitCode;
    private final String vote;

    Verdict(int exitCode, String vote) {
        this.exitCode = exitCode;
        this.vote = vote;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Verified +1, -1, or none. */
    public String vote() {
        return vote;
    }

    /** {@code pass}, {@code fail}, {@code error}, {@code not-run}. */
    @JsonValue
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }

    /**
     * The verdict of a run of both: FAIL over ERROR over PASS, and never NOT_RUN. A FAIL was measured on the
     * change, so it stands whatever the lab did before or after it; a lab error or a scenario that did not run
     * is no measurement, so it is never a pass.
     */
    public Verdict and(Verdict other) {
        if (this == FAIL || other == FAIL) {
            return FAIL;
        }
        return this == PASS && other == PASS ? PASS : ERROR;
    }
}
