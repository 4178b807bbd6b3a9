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
    /**
     * A defect of the runner itself (an unexpected exception, or any {@link Error}: out of memory, stack
     * overflow): no vote, and no retry, since running it again would meet the same defect.
     */
    public static final int RUNNER_DEFECT = 4;

    private ExitCodes() {}
}
