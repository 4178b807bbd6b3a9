package dev.hagate

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Test

class BuildDescriptionTest {

    @Test
    void amount_readsLikeAPersonWroteIt() {
        assertThat(BuildDescription.amount(20.2d, 's')).isEqualTo('20.2 s')
        assertThat(BuildDescription.amount(10.0d, 's')).isEqualTo('10 s')
        assertThat(BuildDescription.amount(6.0912d, 's')).isEqualTo('6.09 s')
        assertThat(BuildDescription.amount(0, 'writes')).isEqualTo('0 writes')
        assertThat(BuildDescription.amount(null, 's')).isEqualTo('no value')
    }

    @Test
    void aFailureNamesTheFirstMissedCheckOfEachFailedScenario_fromPlainJson() {
        Map summary = [scenarios: [[name: 'kill-galera-node', verdict: 'fail',
                                    checks: [[name: 'lost-writes(sql-writer)', value: null, limit: 0, unit: 'writes', passed: false]]],
                                   [name: 'cut-rabbitmq-node', verdict: 'pass', checks: []]],
                       deploymentError: null, labError: null]

        assertThat(BuildDescription.of(1, summary))
                .isEqualTo('HA gate: FAIL -1 (kill-galera-node: lost-writes(sql-writer) no value, limit 0 writes)')
    }

    @Test
    void attemptsAreShownOnlyWhereThereCouldBeMoreThanOne() {
        assertThat(BuildDescription.withAttempts('HA gate: PASS +1 (a)', 2, 3)).isEqualTo('HA gate: PASS +1 (a) [attempt 2 of 3]')
        assertThat(BuildDescription.withAttempts('HA gate: PASS +1 (a)', 1, 1)).isEqualTo('HA gate: PASS +1 (a)')
    }

    @Test
    void oneLine_foldsWhitespaceAndCutsLongText() {
        assertThat(BuildDescription.oneLine('a\n  b\tc')).isEqualTo('a b c')
        assertThat(BuildDescription.oneLine('x' * 400)).hasSize(300).endsWith('…')
    }
}
