package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

class RestRequestsTest {

  @Test
  void aRequestThatIsNeitherAnsweredNorFailedIsAbandonedAsATimeoutAtItsDeadline() throws Exception {
    List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        // No socket timeout: only the deadline can end the wait.
        RestClient client =
            RestClient.builder(new HttpHost("127.0.0.1", silent.getLocalPort(), "http"))
                .setRequestConfigCallback(config -> config.setSocketTimeout(0))
                .build()) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (Exception e) {
                  // Closed at the end of the test.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      RestRequests requests = new RestRequests(client, Duration.ofMillis(300));

      long started = System.nanoTime();
      assertThatThrownBy(() -> requests.perform(new Request("POST", "/_bulk")))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("POST /_bulk: no answer and no failure within");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      acceptor.interrupt();
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void answersAndErrorStatusesComeBackAsTheClientReportsThem() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          int status = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try (RestClient client =
        RestClient.builder(new HttpHost("127.0.0.1", server.getAddress().getPort(), "http"))
            .build()) {
      RestRequests requests = new RestRequests(client, Duration.ofSeconds(10));

      assertThat(
              requests
                  .perform(new Request("GET", "/_cluster/health"))
                  .getStatusLine()
                  .getStatusCode())
          .isEqualTo(200);
      assertThatThrownBy(() -> requests.perform(new Request("GET", "/missing")))
          .isInstanceOfSatisfying(
              ResponseException.class,
              e -> assertThat(e.getResponse().getStatusLine().getStatusCode()).isEqualTo(404));
    } finally {
      server.stop(0);
    }
  }
}
