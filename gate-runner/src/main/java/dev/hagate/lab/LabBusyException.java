package dev.hagate.lab;

import java.nio.file.Path;

/** A lab is already up on this machine; only one can be, since its bridge and namespaces have fixed names. */
public class LabBusyException extends LabException {

    public LabBusyException(LabDirectory.Lease lease, Path root) {
        super(lease == null
                ? "a lab is already up, or was left half-built (" + root + " exists); run `hagate lab down` first"
                : "a lab is already up: '" + lease.lab() + "' from " + lease.topology() + ", taken by `hagate "
                + lease.owner() + "` (pid " + lease.pid() + ") at " + lease.createdAt()
                + "; run `hagate lab down` to remove it");
    }
}
