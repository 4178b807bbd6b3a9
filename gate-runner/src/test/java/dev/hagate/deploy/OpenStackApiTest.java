package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's own rules, against an HTTP server on loopback that answers as Keystone and Neutron do: one
 * token for many calls, a new one when a call is refused with 401, the answer's status and JSON as they came.
 */
class OpenStackApiTest {

    private HttpServer server;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile String validToken = "t1";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v3/auth/tokens", exchange -> {
            String token = "t" + tokensIssued.incrementAndGet();
            exchange.getResponseHeaders().add("X-Subject-Token", token);
            answer(exchange, 201, "{\"token\":{}}");
        });
        server.createContext("/v2.0/", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + token);
            if (!validToken.equals(token)) {
                answer(exchange, 401, "{\"error\":{\"message\":\"The request you have made requires authentication.\"}}");
            } else if (exchange.getRequestURI().getPath().endsWith("/ports")) {
                answer(exchange, 201, "{\"port\":{\"id\":\"p1\"}}");
            } else {
                answer(exchange, 404, "<html>Not Found</html>");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private OpenStackApi api() {
        return new OpenStackApi("http://127.0.0.1:" + server.getAddress().getPort() + "/v3", "admin", "secret", Duration.ofSeconds(5));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void oneTokenServesManyCallsAndARefusedOneIsAskedForAgainOnce() {
        OpenStackApi api = api();
        assertThat(api.post(url("/v2.0/ports"), "{}").get("port").get("id").asText()).isEqualTo("p1");
        assertThat(api.post(url("/v2.0/ports"), "{}").ok()).isTrue();
        assertThat(tokensIssued).hasValue(1);
        // Keystone's keys replaced: the token is refused, a new one is asked for and the call sent again.
        validToken = "t2";
        assertThat(api.post(url("/v2.0/ports"), "{}").status()).isEqualTo(201);
        assertThat(tokensIssued).hasValue(2);
        assertThat(seen).containsExactly("POST /v2.0/ports t1", "POST /v2.0/ports t1", "POST /v2.0/ports t1", "POST /v2.0/ports t2");
    }

    @Test
    void anAnswerThatIsNotJsonKeepsItsStatusAndAFailedExpectationNamesTheCall() {
        OpenStackApi api = api();
        OpenStackApi.Answer answer = api.get(url("/v2.0/nothing"));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().asText()).isEqualTo("<html>Not Found</html>");
        assertThatThrownBy(() -> api.expect("GET", url("/v2.0/nothing"), null, "the router"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageStartingWith("the router: GET " + url("/v2.0/nothing") + " answered HTTP 404");
    }

    @Test
    void noAnswerIsAnApiExceptionNamingTheRequest() {
        OpenStackApi api = api();
        api.get(url("/v2.0/ports"));
        server.stop(0);
        assertThatThrownBy(() -> api.get(url("/v2.0/ports"))).isInstanceOf(OpenStackApi.ApiException.class)
                .hasMessageStartingWith("GET " + url("/v2.0/ports") + ": ");
    }
}
