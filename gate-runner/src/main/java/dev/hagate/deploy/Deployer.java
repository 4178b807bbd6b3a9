package dev.hagate.deploy;

import dev.hagate.lab.Lab;
import java.util.function.Consumer;

/** Puts the HA services of the change under test on a lab that is up. */
public interface Deployer {

    /**
     * Deploys and waits until every service is ready.
     *
     * @param progress receives one line per step, as it starts
     * @throws DeploymentException when the services do not come up (the change's fault: vote -1)
     * @throws dev.hagate.lab.LabException when the lab fails under it (no vote)
     */
    Cloud deploy(Lab lab, Consumer<String> progress);
}
