package dev.hagate.fault;

/**
 * Breaks nothing: the scenario judges how the configuration under test copes with the workload alone (for
 * example where HAProxy sends concurrent transactions).
 */
public final class NoFault implements Fault {

    public static final String KIND = "none";
    /** Hits no node: a target it is given is accepted and ignored. */
    public static final FaultKind DECLARATION = new FaultKind(KIND, Targets.ROLES, null, false, null,
            (cloud, target, port) -> new NoFault());

    @Override
    public String inject() {
        return "no fault: the workload alone";
    }

    @Override
    public String recover() {
        return "nothing to undo";
    }
}
