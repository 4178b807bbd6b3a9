package dev.hagate.scenario;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.Deployer;
import dev.hagate.lab.Lab;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The lab and the cloud deployed on it, brought back whole before each scenario, so that a scenario that
 * leaves the cloud broken costs the scenarios after it only time. {@link #restore} tries, in order:
 * <ol>
 *   <li>the reset: every node reverted to its deployed snapshot where the lab keeps one, then the deployer's
 *       reset (start what is stopped, wait until whole);</li>
 *   <li>a deployment again on the same lab, after the deployer stopped and wiped what it had deployed;</li>
 *   <li>a fresh lab: the lab torn down, built again from nothing and deployed on.</li>
 * </ol>
 */
final class CloudUnderTest implements AutoCloseable {

    /** What {@link #restore} came to: whether the cloud is whole, and how it got there or what failed. */
    record Restoration(boolean whole, String detail) {}

    private final Deployer deployer;
    private final Supplier<Lab> freshLab;
    private Lab lab;
    private Cloud cloud;
    /** Nothing has run on the cloud since it was deployed, so there is nothing to revert. */
    private boolean justDeployed;

    /**
     * @param lab      a lab that is up, not yet deployed on
     * @param freshLab tears the current lab down and builds a new one from nothing (throwing when it cannot)
     */
    CloudUnderTest(Lab lab, Deployer deployer, Supplier<Lab> freshLab) {
        this.lab = lab;
        this.deployer = deployer;
        this.freshLab = freshLab;
    }

    /** The lab, or null when a fresh one could not be built. */
    Lab lab() {
        return lab;
    }

    /** The cloud deployed now (a deployment again replaces it); null before {@link #deploy}. */
    Cloud cloud() {
        return cloud;
    }

    /**
     * The first deployment, then the deployed state recorded where the lab can (every scenario starts from it).
     *
     * @throws dev.hagate.deploy.DeploymentException when the change's services do not come up
     * @throws dev.hagate.lab.LabException when the lab fails under it
     */
    Cloud deploy(Consumer<String> progress) {
        cloud = deployer.deploy(lab, progress);
        lab.snapshotDeployed();
        justDeployed = true;
        return cloud;
    }

    /** Brings the cloud back whole for the next scenario, each way in turn until one works; never throws for the lab or the cloud. */
    Restoration restore(Consumer<String> progress) {
        List<String> failed = new ArrayList<>();
        try {
            boolean reverted = !justDeployed && lab.revertToDeployed();
            justDeployed = false;
            if (reverted) {
                progress.accept("lab: every node reverted to its deployed snapshot");
            }
            return new Restoration(true, (reverted ? "every node reverted to its deployed snapshot; " : "") + deployer.reset(cloud));
        } catch (RuntimeException e) {
            failed.add("the reset failed: " + describe(e));
        }
        progress.accept(failed.get(0) + "; deploying again on the same lab");
        try {
            cloud = deployer.redeploy(lab, progress);
            return new Restoration(true, failed.get(0) + "; deployed again on the same lab");
        } catch (RuntimeException e) {
            failed.add("deploying again failed: " + describe(e));
        }
        progress.accept(failed.get(1) + "; building a fresh lab");
        try {
            closeLab();
            lab = freshLab.get();
            deploy(progress);
            justDeployed = false;
            return new Restoration(true, String.join("; ", failed) + "; deployed on a fresh lab");
        } catch (RuntimeException e) {
            failed.add("a fresh lab failed: " + describe(e));
        }
        return new Restoration(false, String.join("; ", failed));
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void closeLab() {
        if (lab != null) {
            Lab closing = lab;
            lab = null;
            closing.close();
        }
    }

    /** Closes the runner's connections to the lab; the lab stays up. */
    @Override
    public void close() {
        closeLab();
    }
}
