package dev.hagate.lab;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

/**
 * The runner's connections to libvirt, one per URI, shared by the lab, its power drivers and {@code lab down}
 * (libvirt connections are thread-safe). A connection that died (the daemon restarted, the SSH tunnel
 * dropped) is reopened on next use. Sharing matters for {@code test:///default}, whose domains live only in
 * the connection that made them.
 */
final class LibvirtConnections {

    private static final Map<String, Connect> OPEN = new HashMap<>();
    private static boolean quiet;

    private LibvirtConnections() {}

    /**
     * The open connection to {@code uri}, opened read-write if needed.
     *
     * @throws LabException when libvirt refuses or cannot be reached, or libvirt0 is not installed
     */
    static synchronized Connect open(String uri) {
        Connect connect = OPEN.get(uri);
        if (connect != null && alive(connect)) {
            return connect;
        }
        try {
            if (!quiet) {
                // libvirt prints every error on stderr by default; each one reaches the user in a LabException.
                Connect.setErrorCallback(new ErrorCallback());
                quiet = true;
            }
            connect = new Connect(uri, false);
        } catch (LibvirtException e) {
            throw new LabException("cannot connect to libvirt at " + uri + ": " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw new LabException("cannot use libvirt at " + uri + ": the libvirt library (Debian package libvirt0)"
                    + " is not installed or not loadable: " + e.getMessage(), e);
        }
        OPEN.put(uri, connect);
        return connect;
    }

    /** Why libvirt cannot be used on this machine, or empty when it can (for tests to skip with a reason). */
    static Optional<String> unavailable() {
        try {
            open("test:///default");
            return Optional.empty();
        } catch (LabException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static boolean alive(Connect connect) {
        try {
            return connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    /** Whether {@code e} says the object looked up does not exist (so there is nothing to remove). */
    static boolean notFound(LibvirtException e) {
        ErrorNumber code = e.getError() == null ? null : e.getError().getCode();
        return code == ErrorNumber.VIR_ERR_NO_DOMAIN || code == ErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT
                || code == ErrorNumber.VIR_ERR_NO_STORAGE_VOL || code == ErrorNumber.VIR_ERR_NO_STORAGE_POOL;
    }
}
