package dev.unbundled.search.tool.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.unbundled.search.tool.ToolException;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side against a loopback server that checks basic auth as Connect's extension does. */
class HttpConnectTransportTest {

  private static final String PASSWORD = "right-Pa55-" + System.nanoTime();

  private HttpServer server;
  private final List<String> seen = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/",
        exchange -> {
          seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          boolean allowed = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              (allowed ? "{\"orders-search-v1\":{}}" : "{\"error_code\":401,\"message\":\"no\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpConnectTransport transport(String base, String user, String password) {
    return new HttpConnectTransport(
        URI.create(base),
        user == null
            ? Optional.empty()
            : Optional.of(new HttpConnectTransport.Credentials(user, password.toCharArray())),
        null);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void sendsBasicAuthenticationAndKeepsAPathPrefix() throws Exception {
    ConnectTransport.Response response =
        transport(base() + "/connect/", "operator", PASSWORD).send("GET", "/connectors", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().has("orders-search-v1")).isTrue();
    assertThat(seen).containsExactly("GET /connect/connectors");
  }

  @Test
  void aWrongPasswordIsOneLineNamingTheUserAndNotThePassword() {
    String wrong = "wrong-Pa55-" + System.nanoTime();
    assertThatThrownBy(() -> transport(base(), "operator", wrong).send("GET", "/connectors", null))
        .isInstanceOf(ToolException.class)
        .hasMessage(
            "Kafka Connect at "
                + base()
                + " refused the credentials of user 'operator' (HTTP 401): check --connect-user and"
                + " the password (--connect-password, or the variable "
                + ConnectOptions.PASSWORD_ENV
                + ")")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void noCredentialsWhereTheyAreNeededSaysWhichToGive() {
    assertThatThrownBy(() -> transport(base(), null, null).send("GET", "/connectors", null))
        .hasMessageContaining("requires authentication (HTTP 401): give --connect-user");
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    assertThatThrownBy(() -> transport(url, null, null).send("GET", "/connectors", null))
        .isInstanceOf(ToolException.class)
        .hasMessage(
            "Cannot reach Kafka Connect at " + url + ": connection refused; check --connect");
  }

  @Test
  void httpsToAPlainListenerSaysTlsFailed() throws Exception {
    // A plain HTTP server answers a TLS hello with a plain 400, as Connect's Jetty does. It reads
    // the whole hello first (closing with unread bytes would reset the connection instead), and
    // answers every connection so, since the client may retry a GET on a new connection.
    try (ServerSocket plain = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                while (!plain.isClosed()) {
                  try (Socket socket = plain.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    byte[] header = new byte[5]; // TLS record: type, version, length
                    in.readFully(header);
                    in.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]);
                    socket
                        .getOutputStream()
                        .write(
                            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException ignored) {
                    // closed at the end of the test, or the client hung up first
                  }
                }
              });
      answer.setDaemon(true);
      answer.start();
      String url = "https://127.0.0.1:" + plain.getLocalPort();
      assertThatThrownBy(() -> transport(url, null, null).send("GET", "/connectors", null))
          .isInstanceOf(ToolException.class)
          .hasMessageStartingWith("Cannot reach Kafka Connect at " + url + ": TLS failed");
    }
  }
}
