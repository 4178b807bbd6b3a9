package dev.hagate.fault;

/**
 * One thing that breaks, and how to undo it. {@link #inject} returns once the fault is in effect;
 * {@link #recover} undoes it and returns once the affected service is whole again.
 */
public interface Fault {

    /**
     * Breaks it.
     *
     * @return what was done, for the reports ("SIGKILL mariadbd on ctl1 ...")
     * @throws dev.hagate.lab.LabException when the fault could not be applied (no vote)
     */
    String inject();

    /**
     * Undoes it and waits for the service to be whole.
     *
     * @return how the service came back, for the reports
     * @throws dev.hagate.deploy.DeploymentException when it did not become whole in time (an SLA failure)
     */
    String recover();
}
