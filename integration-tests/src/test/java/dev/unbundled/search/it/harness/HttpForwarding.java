package dev.unbundled.search.it.harness;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** How the tests' proxies pass a request on to the real server and its answer back. */
public final class HttpForwarding {

  private HttpForwarding() {}

  /**
   * Sends the exchange's request, with {@code body} and the named request headers, to the same path
   * on {@code target}, and answers the exchange with the server's status, body and content type.
   */
  public static void forward(
      HttpClient http, URI target, HttpExchange exchange, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder forward =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : headers) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        forward.header(header, value);
      }
    }
    HttpResponse<byte[]> response =
        http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
    for (String header : new String[] {"Content-Type", "X-Elastic-Product"}) {
      response
          .headers()
          .firstValue(header)
          .ifPresent(value -> exchange.getResponseHeaders().add(header, value));
    }
    byte[] answer = response.body();
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(
        response.statusCode(), head || answer.length == 0 ? -1 : answer.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }
}
