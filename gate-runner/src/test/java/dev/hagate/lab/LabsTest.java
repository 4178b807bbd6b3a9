package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
