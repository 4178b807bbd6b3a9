package dev.hagate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import dev.hagate.topology.Subnet;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Neutron's API as the deployment and the checks speak it, through the VIP: its account and endpoints in
 * Keystone, the agents and where they host the router, and the networks, router, floating IP and client port
 * the lab's router is made of, each made by one API call as a tenant would.
 */
public final class Neutron {

    public static final int PORT = 9696;
    public static final String SERVICE_USER = "neutron";
    /** The tenant network behind the router, named so that a look finds it again. */
    private static final String PRIVATE = "hagate-private";
    public static final String ROUTER = "hagate-router";
    private static final String CLIENT_PORT = "hagate-client";
    /** The deployment's calls: Neutron's first calls on a fresh lab may take seconds each. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final OpenStackApi api;
    private final String endpoint;
    private final Lab lab;

    public Neutron(Lab lab, Keystone keystone) {
        this(lab, keystone, REQUEST_TIMEOUT);
    }

    /** @param timeout how long one call may wait for its answer */
    public Neutron(Lab lab, Keystone keystone, Duration timeout) {
        this.lab = lab;
        this.api = OpenStackApi.admin(keystone, timeout);
        this.endpoint = endpoint(lab.topology().vip());
    }

    public static String endpoint(String host) {
        return "http://" + host + ":" + PORT;
    }

    /** The nodes running {@code neutron-server}. */
    public List<NodeSpec> servers() {
        return lab.topology().nodesRunning(Service.NEUTRON_SERVER);
    }

    /**
     * Neutron's service account (admin in the project {@code service}, as the install guides make it) and its
     * endpoints on the VIP, in Keystone's catalog.
     */
    public void register(String password) {
        String identity = lab.topology().vip();
        String keystone = Keystone.endpoint(identity);
        String project = findOrCreate(keystone + "/projects", "projects", "project",
                Map.of("name", "service", "domain_id", "default", "description", "the services' accounts"));
        JsonNode user = api.expect("POST", keystone + "/users", OpenStackApi.json(Map.of("user", Map.of("name", SERVICE_USER,
                "domain_id", "default", "password", password, "default_project_id", project))), "Neutron's account");
        String role = api.expect("GET", keystone + "/roles?name=admin", null, "the admin role").get("roles").get(0).get("id").asText();
        api.expect("PUT", keystone + "/projects/" + project + "/users/" + user.get("user").get("id").asText() + "/roles/" + role,
                null, "Neutron's account as admin of the project service");
        String service = api.expect("POST", keystone + "/services", OpenStackApi.json(Map.of("service",
                Map.of("name", "neutron", "type", "network", "description", "OpenStack Networking"))), "Neutron's service")
                .get("service").get("id").asText();
        for (String face : List.of("public", "internal", "admin")) {
            api.expect("POST", keystone + "/endpoints", OpenStackApi.json(Map.of("endpoint", Map.of("service_id", service,
                    "interface", face, "url", endpoint, "region_id", "RegionOne"))), "Neutron's " + face + " endpoint");
        }
    }

    private String findOrCreate(String url, String plural, String singular, Map<String, Object> fields) {
        JsonNode found = api.expect("GET", url + "?name=" + fields.get("name"), null, "looking for " + singular + " " + fields.get("name"));
        if (!found.get(plural).isEmpty()) {
            return found.get(plural).get(0).get("id").asText();
        }
        return api.expect("POST", url, OpenStackApi.json(Map.of(singular, fields)), "making " + singular + " " + fields.get("name"))
                .get(singular).get("id").asText();
    }

    /**
     * One Neutron agent as {@code GET /v2.0/agents} lists it.
     *
     * @param startedAt when the agent process now reporting started (its first report), to the second
     */
    public record Agent(String type, String host, boolean alive, Instant startedAt) {}

    /** Neutron's timestamps: UTC, to the second, "2026-12-07 16:18:19". */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Every agent, as the servers see them. */
    public List<Agent> agents() {
        List<Agent> agents = new ArrayList<>();
        for (JsonNode a : api.expect("GET", endpoint + "/v2.0/agents", null, "Neutron's agents").get("agents")) {
            agents.add(new Agent(a.get("agent_type").asText(), a.get("host").asText(), a.get("alive").asBoolean(),
                    Instant.from(TIMESTAMP.parse(a.get("started_at").asText()))));
        }
        return agents;
    }

    /**
     * Waits until the agent of {@code type} on {@code host} is alive and was started at or after {@code since}:
     * the agent started again has reported, not the one before it, whose last report may still count as alive.
     *
     * @throws DeploymentException when that does not happen within {@code timeout}
     */
    public void awaitAgentStartedSince(String type, NodeSpec host, Instant since, Duration timeout) {
        Instant second = since.truncatedTo(ChronoUnit.SECONDS);
        Wait.until("neutron: the " + type + " on " + host.name() + " started again and reporting", timeout)
                .pollingEvery(Duration.ofSeconds(1)).on(() -> {
                    List<Agent> agents;
                    try {
                        agents = agents();
                    } catch (OpenStackApi.ApiException | DeploymentException e) {
                        return Seen.notYet(e.getMessage());
                    }
                    return agents.stream().filter(a -> a.type().equals(type) && a.host().equals(host.name()))
                            .filter(a -> a.alive() && !a.startedAt().isBefore(second)).findFirst()
                            .<Seen<Boolean>>map(a -> Seen.done(Boolean.TRUE))
                            .orElseGet(() -> Seen.notYet("its last start is older, or it is not alive"));
                }, DeploymentException::new);
    }

    /**
     * Waits until every node in {@code hosts} has an agent of {@code type} the servers see alive.
     *
     * @throws DeploymentException naming the hosts without one when {@code timeout} passes
     */
    public void awaitAgentsAlive(String type, List<NodeSpec> hosts, Duration timeout) {
        Wait.until("neutron: a live " + type + " on " + names(hosts), timeout).pollingEvery(Duration.ofSeconds(1)).on(() -> {
            List<Agent> agents;
            try {
                agents = agents();
            } catch (OpenStackApi.ApiException | DeploymentException e) {
                return Seen.notYet(e.getMessage());
            }
            List<String> missing = hosts.stream().map(NodeSpec::name)
                    .filter(h -> agents.stream().noneMatch(a -> a.type().equals(type) && a.host().equals(h) && a.alive())).toList();
            return missing.isEmpty() ? Seen.done(Boolean.TRUE) : Seen.notYet("none alive on " + String.join(", ", missing));
        }, DeploymentException::new);
    }

    /**
     * Waits until every server answers its version document, on its own address and through the VIP.
     *
     * @throws DeploymentException naming those silent when {@code timeout} passes
     */
    public void awaitServing(Duration timeout) {
        Wait.until("neutron: the API on every server and through the VIP", timeout).pollingEvery(Duration.ofMillis(500)).on(() -> {
            List<String> silent = new ArrayList<>();
            for (NodeSpec node : servers()) {
                if (!answers(endpoint(node.address()))) {
                    silent.add(node.name());
                }
            }
            if (silent.isEmpty() && !answers(endpoint)) {
                silent.add("the VIP");
            }
            return silent.isEmpty() ? Seen.done(Boolean.TRUE) : Seen.notYet("silent: " + String.join(", ", silent));
        }, DeploymentException::new);
    }

    private boolean answers(String url) {
        try {
            return api.send("GET", url + "/", null).status() == 200;
        } catch (OpenStackApi.ApiException e) {
            return false;
        }
    }

    /** The router's port for the client, as Neutron made it: plugged by the node that hosts the client. */
    public record ClientPort(String id, String mac, String ip, String routerId) {}

    /**
     * Makes, as a tenant would, through the API: the lab network as the flat external network {@code physnet1}
     * (its pool only the router's two addresses), the tenant network and subnet behind the router, the HA
     * router with its gateway on the lab network at {@code layout}'s external IP and an interface on the tenant
     * subnet at the gateway IP, the client's port bound to {@code clientHost}, and its floating IP.
     */
    public ClientPort makeRouterAndClient(RouterLayout layout, NodeSpec clientHost) {
        Subnet lab = Subnet.parse(this.lab.topology().lab().subnet());
        String net = endpoint + "/v2.0";
        String external = id(api.expect("POST", net + "/networks", OpenStackApi.json(Map.of("network", Map.of("name", "hagate-external",
                "router:external", true, "provider:network_type", "flat", "provider:physical_network", "physnet1"))),
                "the external network"), "network");
        api.expect("POST", net + "/subnets", OpenStackApi.json(Map.of("subnet", Map.of("network_id", external, "ip_version", 4,
                "cidr", lab.toString(), "gateway_ip", layout.externalGateway(), "enable_dhcp", false,
                "allocation_pools", List.of(pool(layout.externalIp()), pool(layout.floatingIp()))))), "the external subnet");
        String tenant = id(api.expect("POST", net + "/networks", OpenStackApi.json(Map.of("network", Map.of("name", PRIVATE))),
                "the tenant network"), "network");
        String tenantSubnet = id(api.expect("POST", net + "/subnets", OpenStackApi.json(Map.of("subnet", Map.of("network_id", tenant,
                "ip_version", 4, "cidr", dev.hagate.topology.Topology.RouterSpec.INTERNAL_SUBNET, "gateway_ip", RouterLayout.GATEWAY_IP,
                "enable_dhcp", false))), "the tenant subnet"), "subnet");
        String router = id(api.expect("POST", net + "/routers", OpenStackApi.json(Map.of("router", Map.of("name", ROUTER, "ha", true,
                "external_gateway_info", Map.of("network_id", external, "external_fixed_ips",
                        List.of(Map.of("ip_address", layout.externalIp())))))), "the HA router"), "router");
        api.expect("PUT", net + "/routers/" + router + "/add_router_interface",
                OpenStackApi.json(Map.of("subnet_id", tenantSubnet)), "the router's interface on the tenant subnet");
        JsonNode port = api.expect("POST", net + "/ports", OpenStackApi.json(Map.of("port", Map.of("name", CLIENT_PORT,
                "network_id", tenant, "device_owner", "compute:hagate", "device_id", "hagate-client",
                "binding:host_id", clientHost.name(), "fixed_ips", List.of(Map.of("ip_address", RouterLayout.CLIENT_IP))))),
                "the client's port").get("port");
        api.expect("POST", net + "/floatingips", OpenStackApi.json(Map.of("floatingip", Map.of("floating_network_id", external,
                "port_id", port.get("id").asText(), "floating_ip_address", layout.floatingIp()))), "the client's floating IP");
        return new ClientPort(port.get("id").asText(), port.get("mac_address").asText(), RouterLayout.CLIENT_IP, router);
    }

    /** The router's id, by its name; empty when there is none. */
    public java.util.Optional<String> routerId() {
        JsonNode routers = api.expect("GET", endpoint + "/v2.0/routers?name=" + ROUTER, null, "the router").get("routers");
        return routers.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(routers.get(0).get("id").asText());
    }

    /** One L3 agent hosting the router, with the HA state the servers hold for it. */
    public record RouterHost(String host, boolean alive, String haState) {}

    /** The agents hosting {@code router}: {@code GET /v2.0/routers/{id}/l3-agents}. */
    public List<RouterHost> routerHosts(String router) {
        List<RouterHost> hosts = new ArrayList<>();
        for (JsonNode a : api.expect("GET", endpoint + "/v2.0/routers/" + router + "/l3-agents", null, "the router's agents").get("agents")) {
            hosts.add(new RouterHost(a.get("host").asText(), a.get("alive").asBoolean(), a.path("ha_state").asText("")));
        }
        return hosts;
    }

    /**
     * Waits until Neutron's servers see the router as it is: hosted by a live agent on every one of {@code hosts},
     * {@code active} on {@code master} (the node whose router answers for the gateway) and {@code standby} on the
     * others. A router that is master on one node but not yet built on another (its agent still syncing) has no
     * backup to fail over to; one the servers think active elsewhere was not reported by the agent that took it.
     *
     * @return the agents' states, "net1 active, net2 standby"
     * @throws DeploymentException naming the states last seen when {@code timeout} passes
     */
    public String awaitRouterSettled(List<NodeSpec> hosts, String master, Duration timeout) {
        String router = routerId().orElseThrow(() -> new DeploymentException("Neutron has no router " + ROUTER));
        List<String> expected = hosts.stream().map(NodeSpec::name).sorted().toList();
        return Wait.until("neutron: router " + router + " active on " + master + " (which holds the gateway), standby on the"
                        + " others of " + names(hosts), timeout)
                .pollingEvery(Duration.ofSeconds(1)).on(() -> {
                    List<RouterHost> seen;
                    try {
                        seen = routerHosts(router);
                    } catch (OpenStackApi.ApiException | DeploymentException e) {
                        return Seen.notYet(e.getMessage());
                    }
                    String states = describe(seen);
                    boolean settled = seen.stream().map(RouterHost::host).sorted().toList().equals(expected)
                            && seen.stream().allMatch(RouterHost::alive)
                            && seen.stream().allMatch(h -> h.haState().equals(h.host().equals(master) ? "active" : "standby"));
                    return settled ? Seen.done(states) : Seen.notYet(states.isEmpty() ? "no agent hosts it" : states);
                }, DeploymentException::new);
    }

    /** "net1 active, net2 standby (dead)", by host. */
    private static String describe(List<RouterHost> hosts) {
        return String.join(", ", hosts.stream().sorted(java.util.Comparator.comparing(RouterHost::host)).map(h -> h.host() + " " + h.haState() + (h.alive() ? "" : " (dead)")).toList());
    }

    /** One call through the VIP: what it was, its HTTP status (0: no answer) and how long it took. */
    public record Call(String what, int status, long millis, String id) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return what + " " + (status == 0 ? "no answer" : "HTTP " + status) + " " + millis + " ms";
        }
    }

    /**
     * What an API client does most: makes a port on the tenant network, lists the routers, deletes the port
     * (when it was made), one call each, as long as each answers.
     *
     * @return each call made, in order
     */
    public List<Call> portCycle(String tenantNetwork) {
        List<Call> calls = new ArrayList<>();
        String net = endpoint + "/v2.0";
        Call create = call("create port", () -> api.post(net + "/ports", OpenStackApi.json(Map.of("port",
                Map.of("network_id", tenantNetwork, "name", "hagate-probe")))), "port");
        calls.add(create);
        calls.add(call("list routers", () -> api.get(net + "/routers"), null));
        if (create.ok()) {
            calls.add(call("delete port", () -> api.delete(net + "/ports/" + create.id()), null));
        }
        return calls;
    }

    /** The tenant network's id, by its name. */
    public String tenantNetworkId() {
        JsonNode networks = api.expect("GET", endpoint + "/v2.0/networks?name=" + PRIVATE, null, "the tenant network").get("networks");
        if (networks.isEmpty()) {
            throw new DeploymentException("Neutron has no network " + PRIVATE);
        }
        return networks.get(0).get("id").asText();
    }

    private static Call call(String what, java.util.function.Supplier<OpenStackApi.Answer> request, String kind) {
        long start = System.nanoTime();
        try {
            OpenStackApi.Answer answer = request.get();
            String id = kind != null && answer.ok() && answer.get(kind) != null ? answer.get(kind).get("id").asText() : null;
            return new Call(what, answer.status(), (System.nanoTime() - start) / 1_000_000, id);
        } catch (OpenStackApi.ApiException e) {
            return new Call(what, 0, (System.nanoTime() - start) / 1_000_000, null);
        }
    }

    /** The client's port status ({@code ACTIVE} once its host's agent has wired it). */
    public String portStatus(String port) {
        return api.expect("GET", endpoint + "/v2.0/ports/" + port, null, "the client's port").get("port").get("status").asText();
    }

    private static Map<String, String> pool(String address) {
        return Map.of("start", address, "end", address);
    }

    private static String id(JsonNode answer, String kind) {
        return answer.get(kind).get("id").asText();
    }

    private static String names(List<NodeSpec> nodes) {
        return String.join(", ", nodes.stream().map(NodeSpec::name).toList());
    }
}
