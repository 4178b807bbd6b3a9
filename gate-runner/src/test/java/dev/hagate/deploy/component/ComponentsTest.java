package dev.hagate.deploy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.TestFiles;
import dev.hagate.topology.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentsTest {

    /** A component that only says what it is and what it needs. */
    record Named(Service service, Set<Service> dependsOn) implements Component {
        Named(String id, String... dependsOn) {
            this(new Service(id), Set.of(java.util.Arrays.stream(dependsOn).map(Service::new).toArray(Service[]::new)));
        }

        @Override
        public void deploy(Deployment deployment) {
        }
    }

    @Test
    void everyServiceOfThePackageIsFoundWithoutAList() {
        assertThat(Components.all().keySet()).containsExactlyInAnyOrder(Service.GALERA, Service.RABBITMQ, Service.MEMCACHED,
                Service.KEYSTONE, Service.HAPROXY, Service.KEEPALIVED, Service.NEUTRON_SERVER, Service.NEUTRON_OVS_AGENT,
                Service.NEUTRON_L3_AGENT, Service.NEUTRON_CLIENT);
    }

    @Test
    void theTopologyLoaderLearnsTheServicesFromTheCatalogOnTheClassPath() {
        assertThat(Service.Catalog.installed().known()).isEqualTo(Components.all().keySet());
    }

    @Test
    void eachComponentComesAfterEveryOneItDependsOn() {
        List<Service> order = List.copyOf(Components.all().keySet());
        Components.all().values().forEach(c -> c.dependsOn().forEach(d ->
                assertThat(order.indexOf(d)).as(c.service() + " after " + d).isLessThan(order.indexOf(c.service()))));
        assertThat(order.indexOf(Service.GALERA)).isLessThan(order.indexOf(Service.RABBITMQ));
    }

    @Test
    void theClusterComesFirstThenWhatStandsOnIt() {
        // A reset waits, and the health examination records, in this order: Galera, RabbitMQ, the VIP, Keystone,
        // Neutron's servers, then its agents and what they carry.
        assertThat(Components.all().keySet()).containsExactly(Service.GALERA, Service.MEMCACHED, Service.RABBITMQ,
                Service.HAPROXY, Service.KEEPALIVED, Service.KEYSTONE, Service.NEUTRON_SERVER, Service.NEUTRON_OVS_AGENT,
                Service.NEUTRON_L3_AGENT, Service.NEUTRON_CLIENT);
    }

    @Test
    void aComponentComesAfterThoseLessDeepThanIt() {
        var ordered = Components.inOrder(List.of(new Named("a"), new Named("b", "a"), new Named("c", "b"), new Named("d")));
        assertThat(ordered.keySet()).extracting(Service::id).containsExactly("a", "d", "b", "c");
    }

    @Test
    void componentsReadyAtTheSameTimeAreOrderedByTheirIds() {
        var ordered = Components.inOrder(List.of(new Named("zeta"), new Named("beta", "zeta"), new Named("alpha")));
        assertThat(ordered.keySet()).extracting(Service::id).containsExactly("alpha", "zeta", "beta");
    }

    @Test
    void aDependencyOnAServiceNotDeployedIsLeftOut() {
        var ordered = Components.inOrder(List.of(new Named("keystone", "galera")));
        assertThat(ordered.keySet()).extracting(Service::id).containsExactly("keystone");
    }

    @Test
    void aCycleOfDependenciesIsADefect() {
        assertThatThrownBy(() -> Components.inOrder(List.of(new Named("a", "b"), new Named("b", "a"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("depend on each other");
    }

    @Test
    void everyTemplateAComponentRendersIsInTheRepository() {
        Path templates = TestFiles.repository().resolve("lab-topology/templates");
        Components.all().values().forEach(c -> c.configFiles().forEach(f ->
                assertThat(Files.isRegularFile(templates.resolve(f.template()))).as(c.service() + ": " + f.template()).isTrue()));
    }

    @Test
    void everyComponentThatRunsProgramsDeclaresThePackagesThatBringThem() {
        Components.all().values().stream().filter(c -> !c.programs().isEmpty()).forEach(c ->
                assertThat(c.packages()).as(c.service() + " runs " + c.programs()).isNotEmpty());
        assertThat(new Components().packages()).as("the catalog's packages: every component's")
                .containsAll(Components.all().get(Service.GALERA).packages())
                .containsAll(Components.all().get(Service.KEYSTONE).packages());
    }

    @Test
    void everySecretAnAccountUsesIsNamedByItsComponent() {
        Components.all().values().forEach(c -> {
            c.databaseAccounts().forEach(a -> assertThat(c.secrets()).contains(a.secret()));
            c.messagingAccounts().forEach(a -> assertThat(c.secrets()).contains(a.secret()));
        });
    }
}
