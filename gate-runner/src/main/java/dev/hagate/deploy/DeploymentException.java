package dev.hagate.deploy;

/**
 * The lab was fine but the services did not come up from the change's configuration: the change broke
 * deployment, which the gate votes -1 on.
 */
public class DeploymentException extends RuntimeException {

    public DeploymentException(String message) {
        super(message);
    }

    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
