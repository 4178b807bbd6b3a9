package dev.hagate

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Test

class ExitCodesTest {

    @Test
    void onlyAPassSucceeds_onlyARegressionFails_everythingElseIsNotBuilt() {
        assertThat(ExitCodes.buildResult(0)).isEqualTo('SUCCESS')
        assertThat(ExitCodes.buildResult(1)).isEqualTo('FAILURE')
        [2, 3, 4, 137].each { assertThat(ExitCodes.buildResult(it)).as("exit ${it}").isEqualTo('NOT_BUILT') }
    }

    @Test
    void aBrokenLabOrAKilledRunnerIsTriedAgain_aVerdictBadInputOrARunnerDefectNever() {
        assertThat([0, 1, 2, 3, 4, 137].findAll { ExitCodes.retried(it) }).containsExactly(3, 137)
    }

    @Test
    void combine_regressionFirst_thenBadInput_thenRunnerDefect_thenAnyFailure_passOnlyWhenAllPassed() {
        assertThat(ExitCodes.combine([0, 0])).isEqualTo(0)
        assertThat(ExitCodes.combine([0, 3, 1])).isEqualTo(1)
        assertThat(ExitCodes.combine([4, 1])).isEqualTo(1)
        assertThat(ExitCodes.combine([3, 2, 4, 0])).isEqualTo(2)
        assertThat(ExitCodes.combine([3, 4, 0])).isEqualTo(4)
        assertThat(ExitCodes.combine([0, 3])).isEqualTo(3)
        assertThat(ExitCodes.combine([0, 137])).isEqualTo(3)
        assertThat(ExitCodes.combine([])).isEqualTo(3)
    }

    @Test
    void labelsSayWhetherThereIsAVoteAndWhetherItIsRetried() {
        assertThat(ExitCodes.label(4)).isEqualTo('no vote: runner defect (exit 4), not retried; report it to hagate')
        assertThat(ExitCodes.label(3)).isEqualTo('no vote: infrastructure failure (exit 3), retry')
        assertThat(ExitCodes.label(127)).isEqualTo('no vote: hagate exited 127')
    }
}
