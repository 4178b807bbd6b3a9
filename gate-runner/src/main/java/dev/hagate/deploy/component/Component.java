package dev.hagate.deploy.component;

import dev.hagate.deploy.Change;
import dev.hagate.deploy.Cloud;
import dev.hagate.lab.Lab;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One service the deployer puts on the nodes whose roles name it, and everything the runner knows of it: what
 * it needs on a node, how it is deployed, restarted and reset, when it is whole, and how its health is
 * examined. A component is a class of this package with a public constructor without arguments; it is found
 * there ({@link Components}), so adding a service is its class, its templates and its line in a topology's
 * roles. Components hold no state of a deployment: what one deployment made lives in {@link Deployment} and
 * {@link Cloud}.
 * <p>
 * Whose failure is whose, as for the deployer: a step that runs the change's services or reads their
 * configuration fails with a {@link dev.hagate.deploy.DeploymentException} (the change's, -1); a step that does
 * not depend on the change with a {@link dev.hagate.lab.LabException} (the lab's, no vote).
 */
public interface Component {

    /** The service, by the id topology files name it with. */
    Service service();

    /**
     * The services this one needs: a topology that runs it must run them (the topology loader checks), and
     * they are deployed (and ready) before it.
     */
    default Set<Service> dependsOn() {
        return Set.of();
    }

    /** The programs a node running this service must have (from its {@link #packages}); checked before deploy. */
    default List<String> programs() {
        return List.of();
    }

    /**
     * The Debian packages that hold this service's {@link #programs} and what they load (drivers, plugins):
     * the node image of every release is built with them ({@code hagate image packages}), beside the packages
     * every node has whatever it runs ({@code lab-topology/packages.txt}).
     */
    default List<String> packages() {
        return List.of();
    }

    /** The templates rendered onto each node running this service, before any service is deployed. */
    default List<ConfigFile> configFiles() {
        return List.of();
    }

    /** The names of the generated passwords this service uses, as templates see them ({@code secrets.<name>}). */
    default List<String> secrets() {
        return List.of();
    }

    /** The database accounts this service needs, made when the database is bootstrapped. */
    default List<DatabaseAccount> databaseAccounts() {
        return List.of();
    }

    /** The messaging accounts this service needs, made once the message queue is one cluster. */
    default List<MessagingAccount> messagingAccounts() {
        return List.of();
    }

    /** The HTTP APIs this service serves behind HAProxy on the VIP, spread over every node running it. */
    default List<HttpFrontend> frontends() {
        return List.of();
    }

    /** The {@code --change} project whose source tree this service runs, if it takes one. */
    default Optional<Change.Project> changeProject() {
        return Optional.empty();
    }

    /**
     * Deploys the service on every node running it and waits until it is ready: when this returns, the services
     * that depend on it may be deployed.
     */
    void deploy(Deployment deployment);

    /**
     * Starts again {@code name}, one of the programs this service started on {@code node} (as {@code argv}),
     * found stopped; by default the same program again.
     */
    default void restart(Lab lab, NodeSpec node, String name, List<String> argv) {
        lab.services(node.name()).start(name, argv);
    }

    /**
     * Wipes what the next deployment must find empty, once every program the last one started is stopped
     * (a database of its own, addresses it left behind). Runs on a lab this deployer deployed on before.
     */
    default void reset(Lab lab) {
    }

    /**
     * Waits until this service is whole in {@code cloud} (its readiness condition, looked at through
     * {@link dev.hagate.wait.Wait}), for a reset and before a scenario.
     *
     * @param steadyFor how long a VRRP address must stay with one holder to count
     * @return a phrase for the reset's account ("VIP on ctl1"); empty when there is nothing to wait for
     * @throws dev.hagate.deploy.DeploymentException naming what was not whole when {@code timeout} passes
     */
    default Optional<String> awaitWhole(Cloud cloud, Duration timeout, Duration steadyFor) {
        return Optional.empty();
    }

    /**
     * Waits, in a reset only, for what a fault on another service leaves be and so is no part of
     * {@link #awaitWhole} (which a fault's recovery waits for too): the router's single master.
     *
     * @return a phrase for the reset's account ("router master net1"); empty when there is nothing to wait for
     */
    default Optional<String> awaitAfterReset(Cloud cloud, Duration timeout) {
        return Optional.empty();
    }

    /** The examinations of this service's health after a scenario, in the order they run. */
    default List<Examination> examinations(Cloud cloud) {
        return List.of();
    }

    /**
     * One health examination: {@code examine} returns what it found when healthy and throws
     * {@link dev.hagate.deploy.DeploymentException} saying what is not.
     */
    record Examination(String what, Supplier<String> examine) {}

    /** A rendered file: which template, where it goes on the node, with which mode. */
    record ConfigFile(String template, String path, String mode) {}

    /** A database and its owner's account; the password is the generated secret {@code secret}. */
    record DatabaseAccount(String database, String user, String secret) {}

    /** A RabbitMQ user with every permission on the default vhost; the password is the secret {@code secret}. */
    record MessagingAccount(String user, String secret) {}

    /**
     * An HTTP API behind HAProxy on the VIP: {@code port} on the VIP and on every node, checked with a GET of
     * {@code checkPath} answering 200.
     */
    record HttpFrontend(String name, int port, String checkPath) {}
}
