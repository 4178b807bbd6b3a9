package dev.hagate.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hagate.lab.LabException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operations of one probe, kept in memory for the checks and appended to a JSON-lines file as they
 * happen, so that a crashed run still leaves a readable history and any history can be re-checked offline.
 * A history that cannot be written is a lab error: a run must not be judged on a record nobody can re-read.
 */
public final class History implements AutoCloseable {

    /** The name of the scenario's own history: its phases and health examinations, beside the probes' histories. */
    public static final String SCENARIO = "scenario";

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String probe;
    private final List<Operation> operations = new ArrayList<>();
    private final Path path;
    private final BufferedWriter file;
    private String writeFailure;

    private History(String probe, Path path, BufferedWriter file) {
        this.probe = probe;
        this.path = path;
        this.file = file;
    }

    /**
     * A history written to {@code dir/<probe>.jsonl}.
     *
     * @throws LabException when the file cannot be made
     */
    public static History open(Path dir, String probe) {
        Path path = dir.resolve(probe + ".jsonl");
        try {
            Files.createDirectories(dir);
            return new History(probe, path, Files.newBufferedWriter(path));
        } catch (IOException e) {
            throw new LabException("cannot write the history of " + probe + " to " + path + ": " + e, e);
        }
    }

    /** A history kept only in memory (tests, offline re-checks). */
    public static History inMemory(String probe, List<Operation> operations) {
        History history = new History(probe, null, null);
        history.operations.addAll(operations);
        return history;
    }

    /** Reads a history file written by {@link #open}, by this version or an earlier one. */
    public static History read(Path file) throws IOException {
        List<Operation> ops = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                ops.add(JSON.readValue(line, Operation.class).withErrorCodeOfOlderHistories());
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        return inMemory(name, ops);
    }

    public String probe() {
        return probe;
    }

    /**
     * Keeps {@code op} and appends it to the file.
     *
     * @throws LabException when the file cannot be written; {@link #writeFailure} says so from then on
     */
    public synchronized void record(Operation op) {
        operations.add(op);
        if (file != null) {
            try {
                file.write(JSON.writeValueAsString(op));
                file.newLine();
                file.flush();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("operation not serialisable: " + op, e);
            } catch (IOException e) {
                if (writeFailure == null) {
                    writeFailure = "cannot append to the history of " + probe + " (" + path + "): " + e;
                }
                throw new LabException(writeFailure, e);
            }
        }
    }

    /**
     * Why the file misses operations, if it does. Threads the runner does not watch (a consumer called back by
     * its client library) may swallow the exception {@link #record} threw; this still tells.
     */
    public synchronized Optional<String> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /** A snapshot of the operations so far, in the order they were recorded. */
    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** @throws LabException when the file cannot be closed, unless a write to it had already failed (and said so) */
    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                if (writeFailure == null) {
                    writeFailure = "cannot close the history of " + probe + " (" + path + "): " + e;
                    throw new LabException(writeFailure, e);
                }
            }
        }
    }
}
