package dev.unbundled.search.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of the real Elasticsearch server that answers some requests
 * itself with an error status, as an overloaded cluster would, and forwards all others, bulk
 * requests after a delay a test may set (a slow cluster, to stretch a build over a fault).
 */
public final class FaultProxy implements AutoCloseable {

  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Predicate<String> reject;
  private final int rejectStatus;
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private volatile Duration bulkDelay = Duration.ZERO;

  /**
   * @param reject decides, from "METHOD /path", whether to answer with {@code rejectStatus}
   */
  public FaultProxy(URI target, Predicate<String> reject, int rejectStatus) throws IOException {
    this.target = target;
    this.reject = reject;
    this.rejectStatus = rejectStatus;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  /** A proxy that forwards every request. */
  public static FaultProxy forwarding(URI target) throws IOException {
    return new FaultProxy(target, request -> false, 500);
  }

  /** From now on, each bulk request waits {@code delay} before it is forwarded. */
  public void delayBulkRequests(Duration delay) {
    bulkDelay = delay;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int rejected() {
    return rejected.get();
  }

  public int forwarded() {
    return forwarded.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      if (reject.test(request)) {
        rejected.incrementAndGet();
        byte[] error =
            ("{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected by"
                    + " the test proxy\"},\"status\":"
                    + rejectStatus
                    + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(rejectStatus, error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      if (request.endsWith("/_bulk")) {
        Thread.sleep(bulkDelay.toMillis());
      }
      forwarded.incrementAndGet();
      HttpForwarding.forward(
          http, target, exchange, body, "Content-Type", "Accept", "Authorization");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
