package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabsTest {

    @TempDir
    Path tmp;

    private final List<String> undone = new ArrayList<>();

    private LabDirectory labDirectory() throws IOException {
        return new LabDirectory(Files.createDirectories(tmp.resolve("state")));
    }

    private Consumer<String> records(String kind) {
        return name -> undone.add(kind + " " + name);
    }

    @Test
    void teardownGoesOnPastEveryFailedStepAndReportsEachOnOneLine() throws IOException {
        LabDirectory dir = labDirectory();
        dir.journal("netns", "hagate-a");
        dir.journal("link", "hgv-a");
        dir.journal("podman-volume", "v1");
        dir.journal("bmc", "/x/bmc");
        Map<String, Consumer<String>> undo = Map.of(
                "netns", records("netns"),
                "link", name -> {
                    undone.add("link " + name);
                    throw new LabException("ip link delete hgv-a failed (exit 2): busy");
                },
                "podman-volume", name -> {
                    undone.add("podman-volume " + name);
                    throw new IllegalStateException("volume in use\n  by a container");
                },
                "bmc", records("bmc"));

        List<String> failed = Labs.down(dir, undo);

        assertThat(undone).containsExactly("bmc /x/bmc", "podman-volume v1", "link hgv-a", "netns hagate-a");
        assertThat(failed).containsExactly(
                "podman-volume v1: IllegalStateException: volume in use by a container",
                "link hgv-a: ip link delete hgv-a failed (exit 2): busy");
        // The journal stays, so that another `lab down` can finish the job.
        assertThat(dir.journalNewestFirst()).hasSize(4);
    }

    @Test
    void anUnknownEntryIsReportedAndTheOthersAreStillUndone() throws IOException {
        LabDirectory dir = labDirectory();
        dir.journal("netns", "hagate-a");
        dir.journal("gadget", "g1");

        List<String> failed = Labs.down(dir, Map.of("netns", records("netns")));

        assertThat(failed).containsExactly("unknown journal entry: gadget g1");
        assertThat(undone).containsExactly("netns hagate-a");
    }

    @Test
    void aTeardownWhereEveryStepSucceedsRemovesTheLabDirectory() throws IOException {
        LabDirectory dir = labDirectory();
        dir.journal("netns", "hagate-a");
        dir.journal("link", "hgbr");

        assertThat(Labs.down(dir, Map.of("netns", records("netns"), "link", records("link")))).isEmpty();

        assertThat(undone).containsExactly("link hgbr", "netns hagate-a");
        assertThat(Files.exists(dir.root())).isFalse();
    }

    @Test
    void theJournalRefusesEveryEntryOnceBuildingIsStopped() throws IOException {
        LabDirectory dir = labDirectory();
        dir.journal("link", "hgbr");

        assertThat(dir.stopBuilding(Duration.ZERO)).isTrue();

        assertThatThrownBy(() -> dir.journal("netns", "hagate-a")).isInstanceOf(LabException.class)
                .hasMessage("the lab is being torn down: netns hagate-a is not made");
        assertThatThrownBy(() -> dir.build(() -> "a node")).isInstanceOf(LabException.class);
        assertThat(dir.journalNewestFirst()).extracting(e -> e[1]).containsExactly("hgbr");
    }

    @Test
    void stoppingWaitsUntilTheStepUnderWayHasEndedAndTheBuilderMakesNothingAfter() throws Exception {
        LabDirectory dir = labDirectory();
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch stepDone = new CountDownLatch(1);
        CompletableFuture<Object> builder = CompletableFuture.supplyAsync(() -> dir.build(() -> {
            dir.journal("netns", "hagate-a");
            inStep.countDown();
            await(stepDone); // making hagate-a
            dir.journal("link", "hgv-a");
            return "built";
        }));
        assertThat(inStep.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> dir.stopBuilding(Duration.ofSeconds(30)));
        Thread.sleep(300);
        assertThat(stopped).as("the builder is still making hagate-a").isNotDone();
        stepDone.countDown();

        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(builder::join).hasCauseInstanceOf(LabException.class)
                .hasMessageContaining("link hgv-a is not made");
        assertThat(dir.journalNewestFirst()).extracting(e -> e[1]).containsExactly("hagate-a");
        assertThat(Labs.down(dir, Map.of("netns", records("netns")))).isEmpty();
        assertThat(undone).containsExactly("netns hagate-a");
    }

    @Test
    void aBuilderThatDoesNotStopInTimeLeavesTheJournalForTheNextTeardown() throws Exception {
        LabDirectory dir = labDirectory();
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch stepDone = new CountDownLatch(1);
        CompletableFuture<Object> builder = CompletableFuture.supplyAsync(() -> dir.build(() -> {
            dir.journal("podman-container", "c1");
            inStep.countDown();
            await(stepDone); // a container that takes its time to start
            return "built";
        }));
        assertThat(inStep.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(dir.stopBuilding(Duration.ofMillis(200))).isFalse();
        List<String> failed = Labs.down(dir, Map.of("podman-container", records("podman-container")));

        assertThat(undone).containsExactly("podman-container c1");
        assertThat(failed).containsExactly("the lab was still being built: its journal is kept for `hagate lab down`");
        assertThat(dir.journalNewestFirst()).hasSize(1);
        stepDone.countDown();
        builder.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never ended the step");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
