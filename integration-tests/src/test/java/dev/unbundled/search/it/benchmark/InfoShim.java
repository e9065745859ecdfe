package dev.unbundled.search.it.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.unbundled.search.it.harness.HttpForwarding;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What Confluent's sink needs of the server and the test distribution lacks: {@code GET /}, which
 * its configuration check and version detection call (the integ-test zip answers 405). Answers
 * {@code GET} and {@code HEAD /} with the server's version and forwards every other request. Only
 * the incumbent's runs go through it; its threads ({@code incumbent-shim-*}) count under "other".
 */
final class InfoShim implements AutoCloseable {

  private final URI target;
  private final HttpServer server;
  private final ExecutorService threads;
  private final HttpClient http;
  private final byte[] info;

  InfoShim(URI target, String version) throws IOException {
    this.target = target;
    this.info =
        ("{\"name\":\"benchmark\",\"cluster_name\":\"benchmark\",\"cluster_uuid\":\"benchmark\","
                + "\"version\":{\"number\":\""
                + version
                + "\",\"build_flavor\":\"default\",\"build_type\":\"tar\",\"build_hash\":\"unknown\","
                + "\"build_date\":\"2026-01-01T00:00:00.000Z\",\"build_snapshot\":false,"
                + "\"lucene_version\":\"9.12.0\",\"minimum_wire_compatibility_version\":\"7.17.0\","
                + "\"minimum_index_compatibility_version\":\"7.0.0\"},"
                + "\"tagline\":\"You Know, for Search\"}")
            .getBytes(StandardCharsets.UTF_8);
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            16,
            runnable -> {
              Thread thread = new Thread(runnable, "incumbent-shim-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      if (exchange.getRequestURI().getPath().equals("/")
          && (method.equals("GET") || method.equals("HEAD"))) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
        exchange.sendResponseHeaders(200, method.equals("HEAD") ? -1 : info.length);
        if (method.equals("GET")) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(info);
          }
        }
        return;
      }
      HttpForwarding.forward(http, target, exchange, body, "Content-Type", "Accept");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
