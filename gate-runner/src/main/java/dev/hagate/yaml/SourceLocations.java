package dev.hagate.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each field of a YAML document starts, by path ({@code nodes[1].address}), so that checks done
 * after binding can still point at a line. Jackson's tree model forgets locations; this keeps them.
 * It also finds fields given twice in one mapping, which YAML parsers otherwise settle by keeping the last.
 */
final class SourceLocations {

    /** A field given a second time: where, and where it was first. */
    record Duplicate(String path, JsonLocation at, JsonLocation first) {}

    /** Where the document first nests deeper than it may. */
    record TooDeep(String path, JsonLocation at) {}

    private final Map<String, JsonLocation> byPath = new HashMap<>();
    private final List<Duplicate> duplicates = new ArrayList<>();
    private final int deepest;
    private TooDeep tooDeep;

    /** @param deepest how many levels the document may nest; the walk, which recurses, stops there */
    SourceLocations(JsonFactory yaml, String text, int deepest) throws IOException {
        this.deepest = deepest;
        try (JsonParser parser = yaml.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != null) {
                walk(parser, first, "", 0);
            }
        } catch (StopWalking e) {
            // tooDeep says where
        }
    }

    /** Ends the walk at the first place nested too deep. */
    private static final class StopWalking extends RuntimeException {
        StopWalking() {
            super(null, null, false, false);
        }
    }

    private void walk(JsonParser parser, JsonToken token, String path, int depth) throws IOException {
        if (depth > deepest) {
            tooDeep = new TooDeep(path, parser.currentTokenLocation());
            throw new StopWalking();
        }
        byPath.putIfAbsent(path, parser.currentTokenLocation());
        if (token == JsonToken.START_OBJECT) {
            Set<String> names = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
                if (names.add(parser.currentName())) {
                    byPath.put(child, parser.currentTokenLocation());
                } else {
                    duplicates.add(new Duplicate(child, parser.currentTokenLocation(), byPath.get(child)));
                }
                walk(parser, parser.nextToken(), child, depth + 1);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                walk(parser, element, path + "[" + index++ + "]", depth + 1);
            }
        }
    }

    /** Where the document nests deeper than it may, or null. */
    TooDeep tooDeep() {
        return tooDeep;
    }

    /** The fields given twice, in file order. */
    List<Duplicate> duplicates() {
        return List.copyOf(duplicates);
    }

    /** The location of {@code path}, or of its nearest present parent when the field is missing. */
    JsonLocation locate(String path) {
        String current = path;
        while (true) {
            JsonLocation found = byPath.get(current);
            if (found != null || current.isEmpty()) {
                return found;
            }
            int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
            current = cut < 0 ? "" : current.substring(0, cut);
        }
    }
}
