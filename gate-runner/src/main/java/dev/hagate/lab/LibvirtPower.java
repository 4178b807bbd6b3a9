package dev.hagate.lab;

import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.LibvirtException;

/**
 * A node's power as its hypervisor controls it, through libvirt: power off is {@code virDomainDestroy} (the
 * plug pulled, no shutdown), power on is {@code virDomainCreate} (a cold boot), reset is
 * {@code virDomainReset} (the reset button: no power cycle) or a boot when the domain is off. Each call
 * returns once libvirt has done it; none waits for the guest's services.
 */
public final class LibvirtPower implements PowerDriver {

    private final String node;
    private final String domain;
    private final String uri;

    /**
     * @param node   the node's name in the topology
     * @param domain its libvirt domain
     * @param uri    the libvirt connection URI of its hypervisor
     */
    public LibvirtPower(String node, String domain, String uri) {
        this.node = node;
        this.domain = domain;
        this.uri = uri;
    }

    @Override
    public String node() {
        return node;
    }

    public String domain() {
        return domain;
    }

    @Override
    public PowerState status() {
        DomainState state = call("read the state of", () -> lookup().getInfo().state);
        return switch (state) {
            case VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_CRASHED -> PowerState.OFF;
            // Paused and suspended guests keep their memory: the power is on.
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_PAUSED, VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_PMSUSPENDED -> PowerState.ON;
            default -> throw new LabException("libvirt domain '" + domain + "' (node " + node + ") on " + uri
                    + " is in no known state (" + state + ")");
        };
    }

    @Override
    public void powerOff() {
        call("power off", () -> {
            Domain d = lookup();
            if (d.isActive() == 1) {
                d.destroy();
            }
            return null;
        });
    }

    @Override
    public void powerOn() {
        call("power on", () -> {
            Domain d = lookup();
            if (d.isActive() == 0) {
                d.create();
            }
            return null;
        });
    }

    @Override
    public void reset() {
        call("reset", () -> {
            Domain d = lookup();
            if (d.isActive() == 1) {
                d.reset();
            } else {
                d.create();
            }
            return null;
        });
    }

    private Domain lookup() throws LibvirtException {
        return LibvirtConnections.open(uri).domainLookupByName(domain);
    }

    private interface LibvirtCall<T> {
        T run() throws LibvirtException;
    }

    private <T> T call(String what, LibvirtCall<T> call) {
        try {
            return call.run();
        } catch (LibvirtException e) {
            String why = LibvirtConnections.notFound(e) ? "no such domain" : e.getMessage();
            throw new LabException("cannot " + what + " libvirt domain '" + domain + "' (node " + node + ") on " + uri
                    + ": " + why, e);
        } catch (LabException e) {
            throw new LabException("cannot " + what + " libvirt domain '" + domain + "' (node " + node + "): "
                    + e.getMessage(), e);
        }
    }
}
