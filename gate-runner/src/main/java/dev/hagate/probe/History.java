package dev.hagate.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations of one probe, kept in memory for the checks and appended to a JSON-lines file as they
 * happen, so that a crashed run still leaves a readable history and any history can be re-checked offline.
 */
public final class History implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String probe;
    private final List<Operation> operations = new ArrayList<>();
    private final BufferedWriter file;

    private History(String probe, BufferedWriter file) {
        this.probe = probe;
        this.file = file;
    }

    /** A history written to {@code dir/<probe>.jsonl}. */
    public static History open(Path dir, String probe) {
        try {
            Files.createDirectories(dir);
            return new History(probe, Files.newBufferedWriter(dir.resolve(probe + ".jsonl")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history of " + probe + " in " + dir, e);
        }
    }

    /** A history kept only in memory (tests, offline re-checks). */
    public static History inMemory(String probe, List<Operation> operations) {
        History history = new History(probe, null);
        history.operations.addAll(operations);
        return history;
    }

    /** Reads a history file written by {@link #open}. */
    public static History read(Path file) throws IOException {
        List<Operation> ops = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                ops.add(JSON.readValue(line, Operation.class));
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        return inMemory(name, ops);
    }

    public String probe() {
        return probe;
    }

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
                throw new UncheckedIOException("cannot append to the history of " + probe, e);
            }
        }
    }

    /** A snapshot of the operations so far, in the order they were recorded. */
    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
