package dev.hagate.check;

/**
 * What a check measured.
 *
 * @param value  the measured value in {@code unit}; NaN when it could not be measured (then {@code passed} is false)
 * @param limit  the largest value the scenario accepts, in {@code unit}
 * @param detail why, in a line: the worst window, the lost ids, what was missing
 */
public record CheckResult(String name, double value, double limit, String unit, boolean passed, String detail) {

    static CheckResult measured(String name, double value, double limit, String unit, String detail) {
        return new CheckResult(name, value, limit, unit, value <= limit, detail);
    }

    static CheckResult unmeasurable(String name, double limit, String unit, String why) {
        return new CheckResult(name, Double.NaN, limit, unit, false, why);
    }
}
