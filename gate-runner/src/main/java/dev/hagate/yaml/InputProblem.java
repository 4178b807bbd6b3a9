package dev.hagate.yaml;

import java.nio.file.Path;

/**
 * One mistake in a user's input file: where it is, which field, and what was expected.
 *
 * @param file   the file as the user named it
 * @param line   1-based line, or 0 when the whole file is concerned
 * @param column 1-based column, or 0 when unknown
 * @param field  the field's path such as {@code nodes[1].address}; empty for the whole file
 */
public record InputProblem(Path file, int line, int column, String field, String message) {

    @Override
    public String toString() {
        StringBuilder where = new StringBuilder(file.toString());
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return where + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
