package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hagate.TestFiles;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class L3RouterPairTest {

    private static final String NS = "qrouter-5d0b3f6e-8a41-4c2e-9b7a-2f1e6c9d4a10";

    private final Topology embedded = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));

    @Test
    void eachNetworkIsABridgeWithAVxlanFloodingToTheOtherMembersAndTheClientSitsOnTheInternalOne(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        new L3RouterPair(lab).plugNetworks();
        assertThat(lab.calls().stream().filter(c -> c.startsWith("net1: ")).toList()).containsExactly(
                "net1: ip link add brq-ha type bridge",
                "net1: ip link add vxlan-1001 type vxlan id 1001 local 10.77.0.21 dstport 4789 dev eth0",
                "net1: bridge fdb append 00:00:00:00:00:00 dev vxlan-1001 dst 10.77.0.22",
                "net1: ip link set vxlan-1001 master brq-ha up",
                "net1: ip link set brq-ha up",
                "net1: ip link add brq-int type bridge",
                "net1: ip link add vxlan-1002 type vxlan id 1002 local 10.77.0.21 dstport 4789 dev eth0",
                "net1: bridge fdb append 00:00:00:00:00:00 dev vxlan-1002 dst 10.77.0.22",
                "net1: bridge fdb append 00:00:00:00:00:00 dev vxlan-1002 dst 10.77.0.31",
                "net1: ip link set vxlan-1002 master brq-int up",
                "net1: ip link set brq-int up");
        assertThat(lab.calls().stream().filter(c -> c.startsWith("cmp1: ")).toList()).containsExactly(
                "cmp1: ip link add brq-int type bridge",
                "cmp1: ip link add vxlan-1002 type vxlan id 1002 local 10.77.0.31 dstport 4789 dev eth0",
                "cmp1: bridge fdb append 00:00:00:00:00:00 dev vxlan-1002 dst 10.77.0.21",
                "cmp1: bridge fdb append 00:00:00:00:00:00 dev vxlan-1002 dst 10.77.0.22",
                "cmp1: ip link set vxlan-1002 master brq-int up",
                "cmp1: ip link set brq-int up",
                "cmp1: ip netns add vm-client",
                "cmp1: ip link add tap-vm type veth peer name eth0 netns vm-client",
                "cmp1: ip link set tap-vm mtu 1450 master brq-int up",
                "cmp1: ip -n vm-client link set lo up",
                "cmp1: ip -n vm-client link set eth0 mtu 1450 up",
                "cmp1: ip -n vm-client addr add 192.168.100.10/24 dev eth0",
                "cmp1: ip -n vm-client route add default via 192.168.100.1");
    }

    @Test
    void aRouterStartsInAFreshNamespaceWithItsPortsAndNatThenItsAgentAndKeepalived(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        new L3RouterPair(lab).startRouter(embedded.node("net2").orElseThrow());
        assertThat(lab.calls()).containsExactly(
                "net2: ip -n " + NS + " link del qg-2b8d61f0c3a",
                "net2: ip link del tap-3f0a9c1e-2",
                "net2: ip link del tap-7c1e2a904b5",
                "net2: ip netns delete " + NS,
                "net2: ip netns add " + NS,
                "net2: ip -n " + NS + " link set lo up",
                "net2: ip netns exec " + NS + " sysctl -q -w net.ipv4.ip_forward=1",
                "net2: ip netns exec " + NS + " sysctl -q -w net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1",
                "net2: ip link add tap-3f0a9c1e-2 type veth peer name ha-3f0a9c1e-2 netns " + NS,
                "net2: ip link set tap-3f0a9c1e-2 mtu 1450 master brq-ha up",
                "net2: ip link add tap-7c1e2a904b5 type veth peer name qr-7c1e2a904b5 netns " + NS,
                "net2: ip link set tap-7c1e2a904b5 mtu 1450 master brq-int up",
                "net2: ip link add qg-2b8d61f0c3a link eth0 address fa:16:3e:4b:00:02 type macvlan mode bridge",
                "net2: ip link set qg-2b8d61f0c3a netns " + NS,
                "net2: ip -n " + NS + " link set qr-7c1e2a904b5 address fa:16:3e:4b:00:01",
                "net2: ip -n " + NS + " link set ha-3f0a9c1e-2 address fa:16:3e:4b:01:02",
                "net2: ip -n " + NS + " link set ha-3f0a9c1e-2 mtu 1450 up",
                "net2: ip -n " + NS + " link set qr-7c1e2a904b5 mtu 1450 up",
                "net2: ip -n " + NS + " link set qg-2b8d61f0c3a up",
                "net2: ip -n " + NS + " addr add 169.254.192.2/18 dev ha-3f0a9c1e-2",
                "net2: ip netns exec " + NS + " iptables -t nat -A PREROUTING -d 10.77.0.150/32 -j DNAT --to-destination 192.168.100.10",
                "net2: ip netns exec " + NS + " iptables -t nat -A POSTROUTING -s 192.168.100.10/32 -o qg-2b8d61f0c3a -j SNAT --to-source 10.77.0.150",
                "net2: ip netns exec " + NS + " iptables -t nat -A POSTROUTING -s 192.168.100.1/24 -o qg-2b8d61f0c3a -j SNAT --to-source 10.77.0.100");
        assertThat(lab.services()).containsExactly("net2: start l3-agent", "net2: start l3-keepalived");
    }

    @Test
    void removingStopsTheRoutersProcessesAndDeletesTheNamespacesAndLinksOnEveryNode(@TempDir Path dir) {
        StubbedNodes lab = new StubbedNodes(embedded, dir);
        new L3RouterPair(lab).remove();
        assertThat(lab.services()).containsExactly("net1: stop l3-keepalived", "net1: stop l3-agent",
                "net2: stop l3-keepalived", "net2: stop l3-agent");
        assertThat(lab.calls().stream().filter(c -> c.startsWith("net1: ") || c.startsWith("cmp1: ")).toList()).containsExactly(
                "net1: ip netns delete " + NS,
                "net1: ip link del tap-3f0a9c1e-1",
                "net1: ip link del tap-7c1e2a904b5",
                "net1: ip link del brq-ha",
                "net1: ip link del vxlan-1001",
                "net1: ip link del brq-int",
                "net1: ip link del vxlan-1002",
                "cmp1: ip netns delete vm-client",
                "cmp1: ip link del tap-vm",
                "cmp1: ip link del brq-int",
                "cmp1: ip link del vxlan-1002");
    }
}
