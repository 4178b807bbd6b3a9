package dev.hagate.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}. */
public final class DurationDeserializer extends JsonDeserializer<Duration> {

    static final String EXPECTED = "a duration such as 500ms, 15s or 2m";
    /**
     * Longer than any phase or limit a scenario needs. The bound also keeps {@code 9999999999999999h} from
     * overflowing into an exception (or a negative number) wherever a duration is turned into milliseconds.
     */
    public static final Duration LONGEST = Duration.ofHours(24);
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText().trim() : null;
        Duration parsed = text == null ? null : parse(text);
        if (parsed == null) {
            return (Duration) context.handleWeirdStringValue(Duration.class, parser.getText(), expected(parser.getText()));
        }
        return parsed;
    }

    /** Parses {@code text}, or returns null when it is not a duration or is longer than {@link #LONGEST}. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        // More digits than LONGEST has milliseconds cannot fit, and would overflow a long.
        if (digits.length() > String.valueOf(LONGEST.toMillis()).length()
                || Long.parseLong(digits) > LONGEST.toMillis() / unitMillis) {
            return null;
        }
        return Duration.ofMillis(Long.parseLong(digits) * unitMillis);
    }

    /** What was expected instead of {@code text}: a duration, or a shorter one when it is written as one. */
    public static String expected(String text) {
        return text != null && FORMAT.matcher(text.trim()).matches() ? "a duration of at most " + format(LONGEST) : EXPECTED;
    }

    /** The inverse of {@link #parse}: the shortest exact form. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
