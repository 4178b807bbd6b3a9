package dev.hagate.lab;

/**
 * The power of one node, as its BMC or hypervisor controls it. Power off is a hard power loss (no shutdown);
 * power on boots the node, whose own start-up brings its services back.
 */
public interface PowerDriver {

    enum PowerState { ON, OFF }

    /** The node this driver powers. */
    String node();

    /** @throws LabException when the BMC or hypervisor cannot be reached or refuses (no vote) */
    PowerState status();

    /** Cuts the power at once; returns when the node is off. */
    void powerOff();

    /** Powers the node on; returns when the power is on (not when its services are up). */
    void powerOn();

    /** A hard reset: off, then on. */
    default void reset() {
        powerOff();
        powerOn();
    }
}
