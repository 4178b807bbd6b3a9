package dev.hagate.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a check measured.
 *
 * @param value   the measured value in {@code unit}; NaN when it could not be measured (then {@code passed} is false)
 * @param limit   the largest value the scenario accepts, in {@code unit}
 * @param detail  why, in a line: the worst window, the lost ids, what was missing
 * @param figures other measurements, in {@code unit}, a reader wants beside the value (the p50 beside a p99);
 *                never null, often empty
 */
public record CheckResult(String name, double value, double limit, String unit, boolean passed, String detail,
                          Map<String, Double> figures) {

    public CheckResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public CheckResult(String name, double value, double limit, String unit, boolean passed, String detail) {
        this(name, value, limit, unit, passed, detail, Map.of());
    }

    static CheckResult measured(String name, double value, double limit, String unit, String detail) {
        return new CheckResult(name, value, limit, unit, value <= limit, detail);
    }

    static CheckResult unmeasurable(String name, double limit, String unit, String why) {
        return new CheckResult(name, Double.NaN, limit, unit, false, why);
    }
}
