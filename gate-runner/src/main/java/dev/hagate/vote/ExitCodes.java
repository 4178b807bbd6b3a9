package dev.hagate.vote;

/** The exit codes of {@code hagate}, a contract gate jobs build on (see the README). */
public final class ExitCodes {

    /** Every scenario held its SLAs: Verified +1. */
    public static final int PASS = 0;
    /** A scenario missed its SLAs, or the change broke deployment: Verified -1. */
    public static final int FAIL = 1;
    /** Bad input (command line, topology, scenario file): no vote. */
    public static final int BAD_INPUT = 2;
    /** The lab broke (node unreachable, command timed out, lab busy): no vote, retry. */
    public static final int INFRASTRUCTURE = 3;

    private ExitCodes() {}
}
