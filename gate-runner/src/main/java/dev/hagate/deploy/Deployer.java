package dev.hagate.deploy;

import dev.hagate.lab.Lab;
import java.util.function.Consumer;

/**
 * Puts the HA services of the change under test on a lab that is up, and brings them back between
 * scenarios: a reset when that is enough, a whole deployment again when it is not.
 */
public interface Deployer {

    /**
     * Deploys and waits until every service is ready.
     *
     * @param progress receives one line per step, as it starts
     * @throws DeploymentException when the services do not come up (the change's fault: vote -1)
     * @throws dev.hagate.lab.LabException when the lab fails under it, or a step that does not depend on the
     *                                     change fails (copying keys, making directories, unpacking a tree): no vote
     */
    Cloud deploy(Lab lab, Consumer<String> progress);

    /**
     * Brings {@code cloud} back to whole without deploying again: starts what is stopped and waits until every
     * service is healthy.
     *
     * @return a one-line account of what was started and seen
     * @throws RuntimeException of any kind when the cloud is not whole in time (a {@link DeploymentException}),
     *                          or the lab fails under it
     */
    String reset(Cloud cloud);

    /**
     * Deploys again on a lab this deployer deployed on before: stops every service it started there, wipes what
     * a deployment must find empty, then {@link #deploy}s, with the same passwords as before.
     *
     * @throws DeploymentException when the services do not come up again
     * @throws dev.hagate.lab.LabException when the lab fails under it
     */
    Cloud redeploy(Lab lab, Consumer<String> progress);
}
