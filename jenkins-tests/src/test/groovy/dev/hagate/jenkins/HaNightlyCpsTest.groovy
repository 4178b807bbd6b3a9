package dev.hagate.jenkins

import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS

/** HaNightlyTest again, with the steps compiled by the CPS transformer as Jenkins runs them. */
class HaNightlyCpsTest extends HaNightlyTest {
    HaNightlyCpsTest() {
        helper = new PipelineTestHelperCPS()
    }
}
