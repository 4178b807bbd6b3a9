package dev.hagate.deploy.component;

import dev.hagate.deploy.Cloud;
import dev.hagate.topology.Service;
import java.util.List;

/** memcached on every node running {@code memcached}: Keystone's cache, spread over every server. */
public final class MemcachedComponent implements Component {

    @Override
    public Service service() {
        return Service.MEMCACHED;
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/bin/memcached");
    }

    @Override
    public List<String> packages() {
        return List.of("memcached");
    }

    @Override
    public void deploy(Deployment deployment) {
        deployment.startEverywhere(service(), "memcached", node -> List.of("/usr/bin/memcached", "-u", "memcache",
                "-l", node.address(), "-p", String.valueOf(Cloud.MEMCACHED_PORT), "-m", "64", "-c", "1024"));
    }
}
