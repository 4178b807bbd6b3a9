package dev.hagate.vote;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The gate's answer, with the exit code and vote each maps to. {@code ERROR} (the lab broke) never votes:
 * an infrastructure failure must not become a pass, nor a -1 on somebody's change.
 */
public enum Verdict {
    PASS(ExitCodes.PASS, "+1"),
    FAIL(ExitCodes.FAIL, "-1"),
    ERROR(ExitCodes.INFRASTRUCTURE, "none");

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

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    /** The worse of two: ERROR over FAIL over PASS, since a broken lab makes any other answer unreliable. */
    public Verdict and(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
