package dev.unbundled.search.connector.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP(S) server that answers as a search cluster would, from canned answers per path,
 * and records the requests it got: for tests of what the request layer sends and how it reads the
 * answers, without a real server.
 */
final class FakeCluster implements AutoCloseable {

  /** A canned answer. */
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer json(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  /** What a request carried. */
  record Received(String method, String path, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** Decides the answer to a request; by default the canned answer for its path. */
  @FunctionalInterface
  interface Responder {
    Answer answer(Received request);
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Responder responder =
      request ->
          answers.getOrDefault(
              request.path(), Answer.json(404, "{\"error\":\"no canned answer\"}"));

  private FakeCluster(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeCluster http() throws IOException {
    return new FakeCluster(HttpServer.create(new InetSocketAddress(loopback(), 0), 0));
  }

  static FakeCluster https(SSLContext tls) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new FakeCluster(server);
  }

  private static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }

  /** Answers requests for {@code pathAndQuery} (such as {@code /_cluster/health}) so. */
  FakeCluster answer(String pathAndQuery, Answer answer) {
    answers.put(pathAndQuery, answer);
    return this;
  }

  FakeCluster respondWith(Responder responder) {
    this.responder = responder;
    return this;
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    Received request =
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query),
            Map.copyOf(exchange.getRequestHeaders()));
    received.add(request);
    exchange.getRequestBody().readAllBytes();
    Answer answer = responder.answer(request);
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    answer.headers().forEach(exchange.getResponseHeaders()::add);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
