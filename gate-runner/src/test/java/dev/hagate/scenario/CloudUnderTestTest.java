package dev.hagate.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.lab.LabException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudUnderTestTest {

    private final List<String> log = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();
    private final ScriptedDeployer deployer = new ScriptedDeployer(log);
    private int labsBuilt = 1;

    /** A cloud deployed on lab1; each fresh lab is the next number, or fails with {@code freshLabFailure}. */
    private CloudUnderTest deployed(boolean canRevert, String freshLabFailure) {
        CloudUnderTest cloud = new CloudUnderTest(new StandInLab("lab1", canRevert, log), deployer, () -> {
            if (freshLabFailure != null) {
                log.add("fresh lab fails");
                throw new LabException(freshLabFailure);
            }
            String name = "lab" + ++labsBuilt;
            log.add("up " + name);
            return new StandInLab(name, canRevert, log);
        });
        cloud.deploy(progress::add);
        log.clear();
        return cloud;
    }

    @Test
    void aCloudTheResetBringsBackNeedsNothingMore() {
        CloudUnderTest cloud = deployed(false, null);

        CloudUnderTest.Restoration restored = cloud.restore(progress::add);

        assertThat(restored.whole()).isTrue();
        assertThat(restored.detail()).isEqualTo("whole: reset on lab1");
        assertThat(log).containsExactly("reset lab1");
    }

    @Test
    void aLabWithASnapshotRevertsBeforeEveryResetButTheFirst() {
        CloudUnderTest cloud = deployed(true, null);

        cloud.restore(progress::add);
        CloudUnderTest.Restoration second = cloud.restore(progress::add);

        assertThat(log).containsExactly("reset lab1", "revert lab1", "reset lab1");
        assertThat(second.detail()).isEqualTo("every node reverted to its deployed snapshot; whole: reset on lab1");
    }

    @Test
    void aFailedResetDeploysAgainOnTheSameLab() {
        CloudUnderTest cloud = deployed(false, null);
        deployer.resets("RabbitMQ did not become one cluster of 3 running nodes within 120 s");

        CloudUnderTest.Restoration restored = cloud.restore(progress::add);

        assertThat(restored.whole()).isTrue();
        assertThat(log).containsExactly("reset lab1", "redeploy lab1");
        assertThat(restored.detail()).isEqualTo("the reset failed: RabbitMQ did not become one cluster of 3 running nodes"
                + " within 120 s; deployed again on the same lab");
        assertThat(progress).contains("the reset failed: RabbitMQ did not become one cluster of 3 running nodes within 120 s;"
                + " deploying again on the same lab");
        assertThat(((StandInLab) cloud.cloud().lab()).name()).isEqualTo("lab1");
    }

    @Test
    void whenDeployingAgainFailsTooTheCloudIsDeployedOnAFreshLab() {
        CloudUnderTest cloud = deployed(true, null);
        deployer.resets("not whole").redeploys("rabbitmq exited right after starting on ctl1");

        CloudUnderTest.Restoration restored = cloud.restore(progress::add);

        assertThat(restored.whole()).isTrue();
        // The old lab's connections are closed before it is torn down; the fresh one is deployed and snapshotted.
        assertThat(log).containsExactly("reset lab1", "redeploy lab1", "close lab1", "up lab2", "deploy lab2", "snapshot lab2");
        assertThat(restored.detail()).isEqualTo("the reset failed: not whole; deploying again failed: rabbitmq exited right"
                + " after starting on ctl1; deployed on a fresh lab");
        assertThat(((StandInLab) cloud.lab()).name()).isEqualTo("lab2");
        assertThat(cloud.cloud().lab()).isSameAs(cloud.lab());

        // The next scenario starts from the fresh lab's snapshot, like any other.
        log.clear();
        cloud.restore(progress::add);
        assertThat(log).containsExactly("revert lab2", "reset lab2");
    }

    @Test
    void whenNoWayWorksTheCloudIsNotWholeAndEveryFailureIsNamed() {
        CloudUnderTest cloud = deployed(false, "cannot remove the lab to build a fresh one: netns hagate-ctl1: busy");
        deployer.resets("not whole").redeploys("not whole either");

        CloudUnderTest.Restoration restored = cloud.restore(progress::add);

        assertThat(restored.whole()).isFalse();
        assertThat(log).containsExactly("reset lab1", "redeploy lab1", "close lab1", "fresh lab fails");
        assertThat(restored.detail()).isEqualTo("the reset failed: not whole; deploying again failed: not whole either;"
                + " a fresh lab failed: cannot remove the lab to build a fresh one: netns hagate-ctl1: busy");
        assertThat(cloud.lab()).as("no lab is up to close").isNull();
        cloud.close();
        assertThat(log).doesNotContain("close lab2");
    }

    @Test
    void aFreshLabWhoseDeploymentFailsIsStillClosed() {
        CloudUnderTest cloud = deployed(false, null);
        deployer.resets("not whole").redeploys("not whole either").deploys("node ctl2 lacks /usr/sbin/haproxy");

        CloudUnderTest.Restoration restored = cloud.restore(progress::add);

        assertThat(restored.whole()).isFalse();
        assertThat(restored.detail()).endsWith("a fresh lab failed: node ctl2 lacks /usr/sbin/haproxy");
        cloud.close();
        assertThat(log).containsExactly("reset lab1", "redeploy lab1", "close lab1", "up lab2", "deploy lab2", "close lab2");
    }
}
