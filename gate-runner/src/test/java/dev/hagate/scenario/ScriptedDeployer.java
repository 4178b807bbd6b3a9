package dev.hagate.scenario;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.Deployer;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.lab.Lab;
import dev.hagate.lab.LabException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A deployer for sequencing tests: each call succeeds or fails as scripted, in order, and is written in a
 * shared log ({@code "deploy lab1"}, {@code "reset lab1"}, {@code "redeploy lab1"}). A call with nothing
 * scripted succeeds. The clouds it makes are on the lab it was given, with nothing else in them.
 */
final class ScriptedDeployer implements Deployer {

    private final List<String> log;
    private final Deque<Optional<RuntimeException>> deploys = new ArrayDeque<>();
    private final Deque<Optional<RuntimeException>> resets = new ArrayDeque<>();
    private final Deque<Optional<RuntimeException>> redeploys = new ArrayDeque<>();

    ScriptedDeployer(List<String> log) {
        this.log = log;
    }

    /** The next {@link #reset}s: each a failure with that message, or {@code null} for one that works. */
    ScriptedDeployer resets(String... outcomes) {
        script(resets, outcomes, DeploymentException::new);
        return this;
    }

    ScriptedDeployer redeploys(String... outcomes) {
        script(redeploys, outcomes, DeploymentException::new);
        return this;
    }

    /** The next {@link #deploy}s fail as a lab does, or work ({@code null}). */
    ScriptedDeployer deploys(String... outcomes) {
        script(deploys, outcomes, LabException::new);
        return this;
    }

    private static void script(Deque<Optional<RuntimeException>> queue, String[] outcomes, Function<String, RuntimeException> failure) {
        for (String outcome : outcomes) {
            queue.add(Optional.ofNullable(outcome).map(failure));
        }
    }

    private static void play(Deque<Optional<RuntimeException>> queue) {
        Optional<RuntimeException> next = queue.poll();
        if (next != null && next.isPresent()) {
            throw next.get();
        }
    }

    @Override
    public Cloud deploy(Lab lab, Consumer<String> progress) {
        log.add("deploy " + name(lab));
        progress.accept("deploying on " + name(lab));
        play(deploys);
        return cloudOn(lab);
    }

    @Override
    public String reset(Cloud cloud) {
        log.add("reset " + name(cloud.lab()));
        play(resets);
        return "whole: reset on " + name(cloud.lab());
    }

    @Override
    public Cloud redeploy(Lab lab, Consumer<String> progress) {
        log.add("redeploy " + name(lab));
        play(redeploys);
        return cloudOn(lab);
    }

    private static Cloud cloudOn(Lab lab) {
        return new Cloud(lab, "10.77.0.100", null, null, null, null, null, Map.of(), Map.of(), Map.of());
    }

    private static String name(Lab lab) {
        return ((StandInLab) lab).name();
    }
}
