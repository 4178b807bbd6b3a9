package dev.hagate.deploy.component;

import dev.hagate.topology.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import dev.hagate.lab.LabException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a step for each component as soon as the components it depends on have finished theirs, so that
 * independent components (RabbitMQ forming its cluster while Galera's nodes join) run side by side, each in a
 * thread of its own named after its service.
 * <p>
 * The first step to fail stops the rest: no new step starts, and once the running ones have ended that
 * first failure is thrown as it was (its kind says whose it is, the change's or the lab's), the failures that
 * came after it added as suppressed. Running steps are let end by themselves (each node command and wait has
 * its own timeout) rather than interrupted: a node command interrupted halfway would leave its node shell
 * spinning until the command ends, and its SSH session broken. A step never runs twice.
 * <p>
 * Every step's node commands and waits have timeouts of their own, so the steps end by themselves; should one
 * not (a defect, a call without a timeout), the whole is still bounded: past {@code timeout} this throws a
 * {@link LabException} naming the steps still running, never a vote on the change.
 */
public final class SideBySide {

    private SideBySide() {
    }

    /**
     * Runs {@code step} for each of {@code components} (ordered so that each comes after those it depends on,
     * as {@link Components#inOrder} gives them); dependencies on services not among them are left out.
     */
    public static void run(Map<Service, Component> components, Consumer<Component> step, Duration timeout) {
        long start = System.nanoTime();
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<Throwable> first = new AtomicReference<>();
        List<Throwable> others = Collections.synchronizedList(new ArrayList<>());
        Map<Service, CompletableFuture<Void>> done = new LinkedHashMap<>();
        try {
            for (Component component : components.values()) {
                CompletableFuture<?>[] before = component.dependsOn().stream().filter(done::containsKey).map(done::get)
                        .toArray(CompletableFuture[]::new);
                CompletableFuture<Void> own = CompletableFuture.allOf(before).thenRunAsync(() -> {
                    if (first.get() != null) {
                        throw new Skipped();
                    }
                    Thread.currentThread().setName("deploy-" + component.service().id());
                    step.accept(component);
                }, threads);
                // What comes after waits for this record of the outcome, so a failure is known before it runs.
                CompletableFuture<Void> recorded = own.whenComplete((ok, failure) -> {
                    Throwable cause = unwrap(failure);
                    if (cause == null || cause instanceof Skipped) {
                        return;
                    }
                    if (!first.compareAndSet(null, cause) && cause != first.get() && !others.contains(cause)) {
                        others.add(cause);
                    }
                });
                done.put(component.service(), recorded);
            }
            try {
                CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new))
                        .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CompletionException e) {
                // Looked at below, once nothing runs any more.
            } catch (TimeoutException e) {
                throw stillRunning(done, timeout, first.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while deploying " + components.keySet(), e);
            }
        } finally {
            threads.shutdown();
        }
        awaitTermination(threads, start, timeout, done, first.get());
        Throwable failure = first.get();
        if (failure == null) {
            return;
        }
        synchronized (others) {
            others.forEach(failure::addSuppressed);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    /** A step not started because another failed first. */
    private static final class Skipped extends RuntimeException {
        Skipped() {
            super("not started: another component failed first", null, false, false);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Waits for the steps still running after a failure to end by themselves, within what is left of {@code timeout}. */
    private static void awaitTermination(ExecutorService threads, long start, Duration timeout,
                                         Map<Service, CompletableFuture<Void>> done, Throwable failure) {
        long left = timeout.toNanos() - (System.nanoTime() - start);
        try {
            if (!threads.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw stillRunning(done, timeout, failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while deploying " + done.keySet(), e);
        }
    }

    /** What a step that never ends makes of the deployment: the lab's error, with any failure before it attached. */
    private static LabException stillRunning(Map<Service, CompletableFuture<Void>> done, Duration timeout, Throwable failure) {
        List<String> running = done.entrySet().stream().filter(e -> !e.getValue().isDone()).map(e -> e.getKey().id()).toList();
        LabException stuck = new LabException("the deployment of " + String.join(", ", running) + " did not end within "
                + timeout.toSeconds() + " s, though each of its steps has timeouts of its own");
        if (failure != null) {
            stuck.addSuppressed(failure);
        }
        return stuck;
    }
}
