package dev.hagate

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Test

class NightsTest {

    @Test
    void compare() {
        List lastGreen = [[scenarios: [[name: 'a', verdict: 'pass'], [name: 'b', verdict: 'pass'], [name: 'c', verdict: 'pass']]]]
        List tonight = [[scenarios: [[name: 'a', verdict: 'fail'], [name: 'b', verdict: 'pass'], [name: 'c', verdict: 'error'], [name: 'd', verdict: 'fail']]],
                        [scenarios: [[name: 'a', verdict: 'pass'], [name: 'b', verdict: 'pass'], [name: 'c', verdict: 'pass'], [name: 'd', verdict: 'fail']]],
                        [deploymentError: 'galera down', scenarios: []]]

        Map cmp = Nights.compare(lastGreen, tonight)

        assertThat(cmp.regressed).isEqualTo([[name: 'a', failed: 1, errors: 0, runs: 2]])
        assertThat(cmp.failing).isEqualTo([[name: 'd', failed: 2, errors: 0, runs: 2]])
        assertThat(cmp.errors).isEqualTo([[name: 'c', failed: 0, errors: 1, runs: 2]])
        assertThat(cmp.deployment).isEqualTo(['galera down'])
    }

    @Test
    void compare_withoutAGreenNight_everyFailureIsFailingNotRegressed() {
        Map cmp = Nights.compare([], [[scenarios: [[name: 'a', verdict: 'fail']]]])

        assertThat(cmp.regressed).isEmpty()
        assertThat(cmp.failing*.name).containsExactly('a')
    }
}
