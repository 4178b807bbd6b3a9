package dev.hagate.jenkins

import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS

/** HaGateTest again, with the steps compiled by the CPS transformer as Jenkins runs them. */
class HaGateCpsTest extends HaGateTest {
    HaGateCpsTest() {
        helper = new PipelineTestHelperCPS()
    }
}
