package dev.hagate.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a YAML document starts, by path ({@code nodes[1].address}), so that checks done
 * after binding can still point at a line. Jackson's tree model forgets locations; this keeps them.
 */
final class SourceLocations {

    private final Map<String, JsonLocation> byPath = new HashMap<>();

    SourceLocations(JsonFactory yaml, String text) throws IOException {
        try (JsonParser parser = yaml.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != null) {
                walk(parser, first, "");
            }
        }
    }

    private void walk(JsonParser parser, JsonToken token, String path) throws IOException {
        byPath.putIfAbsent(path, parser.currentTokenLocation());
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
                byPath.put(child, parser.currentTokenLocation());
                walk(parser, parser.nextToken(), child);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                walk(parser, element, path + "[" + index++ + "]");
            }
        }
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
