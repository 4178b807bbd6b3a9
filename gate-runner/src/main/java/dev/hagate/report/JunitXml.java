package dev.hagate.report;

import dev.hagate.check.CheckResult;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.ScenarioResult;

/**
 * The run as JUnit XML, the format every CI server reads: one test suite per scenario, one test case per
 * check (failed when it missed its limit), an error case when the lab broke or deployment failed, and a
 * skipped case for a scenario that did not run.
 */
final class JunitXml {

    private JunitXml() {}

    static String of(RunResult run) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hagate\">\n");
        if (run.deploymentError() != null) {
            suite(xml, "deploy", 1, 1, 0, 0);
            xml.append("    <testcase classname=\"deploy\" name=\"deployment\" time=\"0\">\n")
                    .append("      <failure message=\"").append(escape(run.deploymentError())).append("\"/>\n")
                    .append("    </testcase>\n  </testsuite>\n");
        }
        for (ScenarioResult s : run.scenarios()) {
            if (s.notRun() != null) {
                xml.append("  <testsuite name=\"").append(escape(s.name())).append("\" tests=\"1\" failures=\"0\" errors=\"0\"")
                        .append(" skipped=\"1\" time=\"0.0\">\n    <testcase classname=\"").append(escape(s.name()))
                        .append("\" name=\"scenario\" time=\"0\">\n      <skipped message=\"").append(escape("not run " + s.notRun()))
                        .append("\"/>\n    </testcase>\n  </testsuite>\n");
                continue;
            }
            long failures = s.checks().stream().filter(c -> !c.passed()).count();
            int errors = s.labError() != null ? 1 : 0;
            suite(xml, s.name(), s.checks().size() + errors, failures, errors, s.duration().toMillis());
            for (CheckResult c : s.checks()) {
                xml.append("    <testcase classname=\"").append(escape(s.name())).append("\" name=\"").append(escape(c.name()))
                        .append("\" time=\"0\"");
                if (c.passed()) {
                    xml.append("/>\n");
                } else {
                    xml.append(">\n      <failure message=\"").append(escape(RunReport.format(c.value(), c.unit()) + " exceeds the limit of "
                            + RunReport.format(c.limit(), c.unit()))).append("\">").append(escape(c.detail()))
                            .append("</failure>\n    </testcase>\n");
                }
            }
            if (errors > 0) {
                xml.append("    <testcase classname=\"").append(escape(s.name())).append("\" name=\"lab\" time=\"0\">\n")
                        .append("      <error message=\"").append(escape(s.labError())).append("\"/>\n    </testcase>\n");
            }
            xml.append("  </testsuite>\n");
        }
        if (run.labError() != null && run.scenarios().stream().noneMatch(s -> s.labError() != null)) {
            suite(xml, "lab", 1, 0, 1, 0);
            xml.append("    <testcase classname=\"lab\" name=\"lab\" time=\"0\">\n      <error message=\"")
                    .append(escape(run.labError())).append("\"/>\n    </testcase>\n  </testsuite>\n");
        }
        return xml.append("</testsuites>\n").toString();
    }

    private static void suite(StringBuilder xml, String name, long tests, long failures, long errors, long millis) {
        xml.append("  <testsuite name=\"").append(escape(name)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" time=\"").append(millis / 1000.0).append("\">\n");
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
