package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hagate.report.AllureResults;
import dev.hagate.report.SampleRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it: `hagate report` over two runs' results, served on loopback and opened
 * in headless Chromium. Chromium may resolve nothing but loopback, so the report cannot call out.
 */
class ReportInBrowserIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Path SCREENSHOT = Path.of("target/report-overview.png").toAbsolutePath();

    @TempDir
    Path reports;

    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path html = reports.resolve("allure-report");
            String path = exchange.getRequestURI().getPath();
            Path file = html.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            byte[] body = file.startsWith(html) && Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String fragment) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + fragment;
    }

    private String report(String runId, Duration outage, boolean passed) throws Exception {
        Path runDir = reports.resolve("runs").resolve(runId);
        var run = SampleRun.write(runDir, runId, outage, passed);
        Path results = AllureResults.write(run, SampleRun.plan(), runDir);
        Hagate.Outcome generated = Hagate.run(TIMEOUT, "report", "--results", results.toString(),
                "--out", reports.resolve("allure-report").toString(), "--open");
        assertThat(generated.exitCode()).as(generated.output()).isZero();
        return generated.output();
    }

    /** What Chromium shows at {@code url} once the page's scripts have run, as text. */
    private static String browse(String url, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"), "--virtual-time-budget=15000"));
        command.addAll(List.of(extra));
        command.add(url);
        Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return dom.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
    }

    @Test
    void theOverviewShowsTheScenariosTheirStatusAndATrendAfterTwoRuns() throws Exception {
        assertThat(report("r1", Duration.ofSeconds(3), true)).contains("report: ").contains("serve it:");
        report("r2", Duration.ofSeconds(12), false);

        String overview = browse(url(""), "--dump-dom");
        assertThat(overview).contains("hagate gate on embedded").contains("1 test case");
        assertThat(browse(url("#suites"), "--dump-dom")).contains("kill-galera-node");
        assertThat(browse(url("#categories"), "--dump-dom")).contains("HA regression");

        // The scenario's page lists its timeline, and the picture itself renders in the browser.
        Path testCases = reports.resolve("allure-report/data/test-cases");
        String timelineSource = null;
        try (var files = Files.list(testCases)) {
            for (Path f : files.toList()) {
                for (var step : new ObjectMapper().readTree(f.toFile()).findValues("attachments")) {
                    for (var attachment : step) {
                        if (attachment.get("name").asText().equals("timeline")) {
                            timelineSource = attachment.get("source").asText();
                        }
                    }
                }
            }
        }
        assertThat(timelineSource).as("a timeline attachment in the report").isNotNull();
        assertThat(browse(url("data/attachments/" + timelineSource), "--dump-dom"))
                .contains("longest outage 12.00 s").contains("fault: SIGKILL mariadbd on ctl1");

        var trend = new ObjectMapper().readTree(reports.resolve("allure-report/widgets/history-trend.json").toFile());
        assertThat(trend).as("one trend point per run").hasSize(2);
        assertThat(trend.get(0).get("data").get("failed").asInt()).isEqualTo(1);
        assertThat(trend.get(1).get("data").get("passed").asInt()).isEqualTo(1);

        Files.createDirectories(SCREENSHOT.getParent());
        browse(url(""), "--screenshot=" + SCREENSHOT, "--window-size=1400,900");
        assertThat(SCREENSHOT).isNotEmptyFile();
    }
}
