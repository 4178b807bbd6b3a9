package dev.hagate

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Test

class HagateCommandTest {

    @Test
    void quotesEveryWordFromOutside() {
        assertThat(HagateCommand.quote("o'brien")).isEqualTo("'o'\\''brien'")
        assertThat(HagateCommand.run([scenarios: "a, o'brien", topology: 'lab topology.yaml'], [:]))
                .isEqualTo("./hagate run --reports 'reports' --scenario 'a' --scenario 'o'\\''brien' --topology 'lab topology.yaml'")
    }

    @Test
    void namesTheJenkinsBuildOnlyWhenJenkinsSaysWhichItIs_andLeavesOutWhatItDoesNotSay() {
        assertThat(HagateCommand.ciBuild([:])).isEmpty()
        assertThat(HagateCommand.ciBuild([BUILD_URL: 'https://ci.example.org/job/hagate/7/', BUILD_NUMBER: '7', GERRIT_CHANGE_URL: '']))
                .containsExactly('--ci', 'Jenkins', '--build-number', "'7'", '--build-url', "'https://ci.example.org/job/hagate/7/'")
    }

    @Test
    void aGerritChangeOfAnotherProjectBecomesAChange_hagateItselfDoesNot() {
        Map keystone = [GERRIT_PROJECT: 'openstack/keystone', GERRIT_HOST: 'review.example.org', GERRIT_REFSPEC: 'refs/changes/34/1234/5']
        assertThat(HagateCommand.changes([:], keystone))
                .containsExactly('openstack/keystone=ssh://review.example.org:29418/openstack/keystone@refs/changes/34/1234/5')
        assertThat(HagateCommand.changes([:], [GERRIT_PROJECT: 'x/hagate', GERRIT_REFSPEC: 'refs/changes/1/1/1'])).isEmpty()
        assertThat(HagateCommand.changes([gerrit: false], keystone)).isEmpty()
        assertThat(HagateCommand.isHagate('x/hagate')).isTrue()
        assertThat(HagateCommand.isHagate('x/hagate-docs')).isFalse()
    }

    @Test
    void scenarioNamesComeFromTheJsonList() {
        List listed = [[name: 'kill-galera-node', description: 'SIGKILL ...', fault: 'kill-galera-node', file: 'scenarios/kill-galera-node.yaml'],
                       [name: 'cut-rabbitmq-node', description: '', fault: 'partition', file: 'scenarios/cut-rabbitmq-node.yaml']]
        assertThat(HagateCommand.scenarioNames(listed)).containsExactly('kill-galera-node', 'cut-rabbitmq-node')
        assertThat(HagateCommand.listScenarios([command: 'sudo -E ./hagate'])).isEqualTo('sudo -E ./hagate scenarios list --json')
    }

    @Test
    void listsComeAsListsOrAsOneString() {
        assertThat(HagateCommand.list(' a,b  c ')).containsExactly('a', 'b', 'c')
        assertThat(HagateCommand.list(['a', ' '])).containsExactly('a')
        assertThat(HagateCommand.list(null)).isEmpty()
    }
}
