package dev.hagate.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** The user's input (command line, topology or scenario file) is wrong; nothing was started. Exit code 2. */
public class BadInputException extends RuntimeException {

    private final List<String> problems;

    public BadInputException(List<?> problems) {
        super(problems.stream().map(Object::toString).collect(Collectors.joining("\n")));
        this.problems = problems.stream().map(Object::toString).toList();
    }

    public BadInputException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, each naming the file, line, column and field where it applies. */
    public List<String> problems() {
        return problems;
    }
}
