package dev.hagate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenStack's REST APIs as the cloud's admin: a Keystone token (asked again when it is refused) and JSON
 * requests to any service's endpoint. Plain {@code java.net.http} and Jackson, so every call is one request
 * whose answer, status and time the caller sees.
 */
public final class OpenStackApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final String identity;
    private final String user;
    private final String password;
    private final Duration timeout;
    private volatile String token;

    /**
     * @param identity Keystone's endpoint ({@code http://VIP:5000/v3})
     * @param timeout  how long one request may wait for its answer
     */
    public OpenStackApi(String identity, String user, String password, Duration timeout) {
        this.identity = identity;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    /** An admin of {@code keystone}, through the VIP. */
    public static OpenStackApi admin(Keystone keystone, Duration timeout) {
        return new OpenStackApi(keystone.endpoint(), Keystone.ADMIN, keystone.adminPassword(), timeout);
    }

    /** What one request came to: its HTTP status and body (null when it had none). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body's field {@code name}, for a successful answer. */
        public JsonNode get(String name) {
            return body == null ? null : body.get(name);
        }
    }

    /** Thrown when a request found no answer (refused, timed out) or a token could not be had. */
    public static final class ApiException extends RuntimeException {
        public ApiException(String message) {
            super(message);
        }
    }

    public Answer get(String url) {
        return send("GET", url, null);
    }

    public Answer post(String url, String json) {
        return send("POST", url, json);
    }

    public Answer put(String url, String json) {
        return send("PUT", url, json);
    }

    public Answer delete(String url) {
        return send("DELETE", url, null);
    }

    /**
     * Sends one request with the admin token; a 401 (the token expired, or was issued by a Keystone whose
     * keys were replaced) asks for a new token once and sends again.
     *
     * @throws ApiException when no answer came
     */
    public Answer send(String method, String url, String json) {
        Answer answer = sendOnce(method, url, json, token());
        if (answer.status() == 401) {
            token = null;
            answer = sendOnce(method, url, json, token());
        }
        return answer;
    }

    /**
     * Sends, expecting success.
     *
     * @throws DeploymentException naming the call and the answer when it is not a 2xx, or that none came: the
     *                             services answering are those of the change under test
     */
    public JsonNode expect(String method, String url, String json, String what) {
        Answer answer;
        try {
            answer = send(method, url, json);
        } catch (ApiException e) {
            throw new DeploymentException(what + ": no answer: " + e.getMessage(), e);
        }
        if (!answer.ok()) {
            throw new DeploymentException(what + ": " + method + " " + url + " answered HTTP " + answer.status() + " "
                    + (answer.body() == null ? "" : brief(answer.body().toString())));
        }
        return answer.body();
    }

    private String token() {
        String current = token;
        if (current != null) {
            return current;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(identity + "/auth/tokens")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Keystone.passwordAuth(user, password))).build();
        HttpResponse<String> issued = exchange(request);
        Optional<String> subject = issued.headers().firstValue("X-Subject-Token");
        if (issued.statusCode() != 201 || subject.isEmpty()) {
            throw new ApiException("no token for " + user + " from " + identity + ": HTTP " + issued.statusCode() + " " + brief(issued.body()));
        }
        token = subject.get();
        return token;
    }

    private Answer sendOnce(String method, String url, String json, String authToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("X-Auth-Token", authToken)
                .header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = exchange(request.build());
        String body = response.body();
        try {
            return new Answer(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body));
        } catch (IOException e) {
            // An error page from HAProxy or uWSGI rather than the service's JSON.
            return new Answer(response.statusCode(), JSON.getNodeFactory().textNode(brief(body)));
        }
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(request.method() + " " + request.uri() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(request.method() + " " + request.uri() + ": interrupted");
        }
    }

    /** {@code value} as JSON text, for a request body. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String brief(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
