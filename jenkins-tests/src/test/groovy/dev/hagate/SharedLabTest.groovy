package dev.hagate

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Test

class SharedLabTest {

    @Test
    void labsOnAHypervisorOrARackAreLockedByName_labsOfTheAgentsOwnAreNot() {
        assertThat(SharedLab.lockFor([name: 'libvirt-3ctl', lab: [kind: 'libvirt']])).isEqualTo('hagate-libvirt-3ctl')
        assertThat(SharedLab.lockFor([name: 'rack-a', lab: [kind: 'baremetal']])).isEqualTo('hagate-rack-a')
        assertThat(SharedLab.lockFor([name: 'embedded', lab: [kind: 'netns']])).isNull()
        assertThat(SharedLab.lockFor([name: 'containers', lab: [kind: 'containers']])).isNull()
        assertThat(SharedLab.lockFor(null)).isNull()
    }

    @Test
    void theLocksAreTheSemaphoresZuulHolds_forEveryTopologyOfTheRepository() {
        File root = new File(System.getProperty('hagate.library.root', '..'))
        Map<String, String> locks = [:]
        new File(root, 'lab-topology').listFiles().findAll { it.name.endsWith('.yaml') }.each { file ->
            String name = (file.text =~ /(?m)^name:\s*(\S+)/)[0][1]
            String kind = (file.text =~ /(?m)^\s+kind:\s*(\S+)/)[0][1]
            locks[file.name] = SharedLab.lockFor([name: name, lab: [kind: kind]])
        }
        String semaphores = new File(root, 'zuul.d/semaphores.yaml').text
        List<String> shared = locks.values().findAll { it } as List
        assertThat(shared).contains('hagate-libvirt-3ctl', 'hagate-rack-a')
        shared.each { assertThat(semaphores).contains("name: ${it}\n".toString()) }
        assertThat(locks['embedded.yaml']).isNull()
    }
}
