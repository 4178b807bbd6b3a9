package dev.hagate.lab;

import java.nio.file.Path;

/**
 * A process of its own that takes a lab's lease, as a run does, says {@code held}, and keeps it until its standard
 * input closes or it is killed. For tests of what another process sees of a lease.
 */
final class LeaseHolder {

    private LeaseHolder() {}

    /** @param args the lab directory and the lease's owner */
    public static void main(String[] args) throws Exception {
        new LabDirectory(Path.of(args[0])).takeLease("lab", "lab.yaml", args[1]);
        System.out.println("held");
        System.out.flush();
        while (System.in.read() != -1) {
            // held until the test lets go
        }
    }

    /** Starts a holder of the lease in {@code root} and returns once it holds it. */
    static Process start(Path root, String owner) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath, LeaseHolder.class.getName(), root.toString(), owner)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        if (!"held".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the lease holder did not take the lease: " + line);
        }
        return process;
    }
}
