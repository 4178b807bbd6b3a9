package dev.hagate.scenario;

import java.util.List;

/** An ordered set of scenarios run on one lab, such as the per-change {@code gate} plan. */
public record Plan(String name, String description, List<Scenario> scenarios) {}
