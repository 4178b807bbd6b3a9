package dev.hagate.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML input file bound to a record type, strictly: unknown fields, wrong types and syntax errors are
 * reported as {@link InputProblem}s naming file, line, column and field. After binding, {@link #problem}
 * lets validators report semantic mistakes at the line of the field concerned.
 */
public final class YamlFile<T> {

    /** Far more than any topology or scenario needs; reading more would only risk the runner's memory. */
    static final int LARGEST_FILE_BYTES = 1 << 20;
    /**
     * The project's files nest a few levels. A file nested deeper is a mistake, and walking or binding it, both
     * recursive, could overflow the stack: {@link SourceLocations} stops there and binding refuses it.
     */
    static final int DEEPEST_NESTING = 64;
    /** For {@link SourceLocations}, which reports a field given twice, or nested too deep, with its path. */
    private static final YAMLFactory YAML = new YAMLFactory();
    /** A field given twice is a mistake, not "the last one wins"; binding refuses it too, should a location be missed. */
    private static final YAMLFactory STRICT_YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(DEEPEST_NESTING).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(STRICT_YAML)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private final Path file;
    private final T value;
    private final SourceLocations locations;
    private final List<InputProblem> problems = new ArrayList<>();

    private YamlFile(Path file, T value, SourceLocations locations) {
        this.file = file;
        this.value = value;
        this.locations = locations;
    }

    /**
     * Reads and binds {@code file}.
     *
     * @throws BadInputException when the file is missing, empty, not YAML, or does not fit {@code type}
     */
    public static <T> YamlFile<T> read(Path file, Class<T> type) {
        String text = readText(file);
        SourceLocations locations;
        try {
            locations = new SourceLocations(YAML, text, DEEPEST_NESTING);
        } catch (IOException e) {
            locations = null; // not YAML at all: binding below reports the syntax error with its position
        }
        if (locations != null && locations.tooDeep() != null) {
            JsonLocation at = locations.tooDeep().at();
            throw new BadInputException(List.of(new InputProblem(file, at.getLineNr(), at.getColumnNr(),
                    locations.tooDeep().path(), "nested deeper than " + DEEPEST_NESTING + " levels; no input file needs that")));
        }
        if (locations != null && !locations.duplicates().isEmpty()) {
            throw new BadInputException(locations.duplicates().stream().map(d -> new InputProblem(file, d.at().getLineNr(),
                    d.at().getColumnNr(), d.path(), "given twice" + (d.first() == null ? "" : " (first at line "
                    + d.first().getLineNr() + ")") + "; each field may appear once")).toList());
        }
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new BadInputException(List.of(new InputProblem(file, 0, 0, "", "the file is empty; expected a mapping of fields")));
            }
            return new YamlFile<>(file, value, locations);
        } catch (JsonProcessingException e) {
            throw new BadInputException(List.of(describe(file, e, locations)));
        } catch (IOException e) {
            throw new BadInputException(List.of(new InputProblem(file, 0, 0, "", "cannot read: " + e.getMessage())));
        }
    }

    /**
     * The file's text: a regular file of at most {@link #LARGEST_FILE_BYTES} bytes of UTF-8. Never reads more than
     * that, so {@code --topology /dev/zero} or a huge file is bad input, not an exhausted heap.
     */
    private static String readText(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException(List.of(new InputProblem(file, 0, 0, "", "no such file")));
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(List.of(new InputProblem(file, 0, 0, "",
                    "not a regular file (a directory, device or pipe); expected a YAML file")));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(LARGEST_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new BadInputException(List.of(new InputProblem(file, 0, 0, "", "no such file")));
        } catch (IOException e) {
            throw new BadInputException(List.of(new InputProblem(file, 0, 0, "", "cannot read: " + e.getMessage())));
        }
        if (bytes.length > LARGEST_FILE_BYTES) {
            throw new BadInputException(List.of(new InputProblem(file, 0, 0, "", "larger than 1 MiB; expected a YAML file"
                    + " of at most " + LARGEST_FILE_BYTES + " bytes")));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(List.of(new InputProblem(file, 0, 0, "", "not UTF-8 text; expected a YAML file")));
        }
    }

    public Path file() {
        return file;
    }

    public T value() {
        return value;
    }

    /** Records a semantic problem at the field {@code path} (or its nearest present parent). */
    public void problem(String path, String message) {
        JsonLocation at = locations.locate(path);
        problems.add(new InputProblem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), path, message));
    }

    /** Reports a missing field when {@code fieldValue} is null; returns whether it was present. */
    public boolean require(Object fieldValue, String path, String expected) {
        if (fieldValue == null || fieldValue instanceof Collection<?> c && c.isEmpty()
                || fieldValue instanceof Map<?, ?> m && m.isEmpty() || fieldValue instanceof String s && s.isBlank()) {
            problem(path, "missing; expected " + expected);
            return false;
        }
        return true;
    }

    public List<InputProblem> problems() {
        return List.copyOf(problems);
    }

    /** Throws every problem recorded so far, if any. */
    public YamlFile<T> throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return this;
    }

    private static InputProblem describe(Path file, JsonProcessingException e, SourceLocations locations) {
        String field = e instanceof JsonMappingException m ? fieldPath(m.getPath()) : "";
        // Records bind through their constructor, so Jackson reports some mistakes at the end of the
        // enclosing mapping; the field's own position is the one an operator needs.
        JsonLocation at = locations != null && !field.isEmpty() ? locations.locate(field) : e.getLocation();
        for (Throwable cause = e.getCause(); at == null && cause != null; cause = cause.getCause()) {
            at = cause instanceof JsonProcessingException p ? p.getLocation() : null;
        }
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        if (e.getCause() instanceof MarkedYAMLException syntax && syntax.getProblemMark() != null) {
            line = syntax.getProblemMark().getLine() + 1;
            column = syntax.getProblemMark().getColumn() + 1;
        }
        return new InputProblem(file, Math.max(line, 0), Math.max(column, 0), field, explain(e));
    }

    private static String explain(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
            // Jackson names the setting that holds the limit; the operator needs only the limit.
            return e.getOriginalMessage().replaceFirst(", from `[^`]*`", "");
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown field '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected one of: " + known);
        }
        if (e instanceof InvalidFormatException f) {
            String expected = f.getTargetType() == Duration.class ? DurationDeserializer.expected(String.valueOf(f.getValue()))
                    : describeType(f.getTargetType());
            return "expected " + expected + ", got '" + f.getValue() + "'";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + describeType(m.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return e.getOriginalMessage();
        }
        if (e.getCause() instanceof MarkedYAMLException syntax) {
            return "not valid YAML: " + (syntax.getContext() == null ? "" : syntax.getContext() + ", ") + syntax.getProblem();
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf("\n at [Source");
        return "not valid YAML: " + (cut < 0 ? message : message.substring(0, cut)).replace('\n', ' ').trim();
    }

    private static String describeType(Class<?> type) {
        if (type == Duration.class) {
            return DurationDeserializer.EXPECTED;
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a mapping of fields";
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
