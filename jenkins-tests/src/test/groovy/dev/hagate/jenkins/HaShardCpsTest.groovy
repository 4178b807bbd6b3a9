package dev.hagate.jenkins

import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS

/** HaShardTest again, with the steps compiled by the CPS transformer as Jenkins runs them. */
class HaShardCpsTest extends HaShardTest {
    HaShardCpsTest() {
        helper = new PipelineTestHelperCPS()
    }
}
