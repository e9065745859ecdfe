package dev.unbundled.search.tool.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.unbundled.search.tool.ToolErrors;
import dev.unbundled.search.tool.ToolException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The Connect REST API over HTTP or HTTPS, with basic authentication when credentials are given
 * (what Connect's {@code BasicAuthSecurityRestExtension} checks) and the operator's CA for https.
 * Every failure to get an answer, and every refusal of the credentials, becomes one line that names
 * the problem and the option that fixes it. The password is sent, never shown.
 */
public final class HttpConnectTransport implements ConnectTransport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** A user and password for basic authentication. */
  record Credentials(String user, char[] password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=[hidden]]";
    }
  }

  private final String base;
  private final Optional<Credentials> credentials;
  private final String authorization;
  private final HttpClient http;

  /**
   * @param ssl the TLS context for https (the JVM's default trust when null)
   */
  HttpConnectTransport(URI base, Optional<Credentials> credentials, SSLContext ssl) {
    String url = base.toString();
    // Kept as a prefix rather than resolved against: Connect behind a proxy may live under a path.
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.credentials = credentials;
    this.authorization = credentials.map(HttpConnectTransport::basic).orElse(null);
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
  }

  private static String basic(Credentials credentials) {
    String pair = credentials.user() + ":" + new String(credentials.password());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String describe() {
    return "Kafka Connect at " + base;
  }

  @Override
  public Response send(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ToolException(unreachable(e), e);
    }
    if (response.statusCode() == 401) {
      throw new ToolException(
          credentials.isEmpty()
              ? describe()
                  + " requires authentication (HTTP 401): give --connect-user and the password"
                  + " (--connect-password, or the variable "
                  + ConnectOptions.PASSWORD_ENV
                  + ")"
              : describe()
                  + " refused the credentials of user '"
                  + credentials.get().user()
                  + "' (HTTP 401): check --connect-user and the password (--connect-password, or"
                  + " the variable "
                  + ConnectOptions.PASSWORD_ENV
                  + ")");
    }
    if (response.statusCode() == 403) {
      throw new ToolException(
          describe()
              + " denied "
              + credentials.map(c -> "user '" + c.user() + "'").orElse("anonymous access")
              + " to "
              + method
              + " "
              + path
              + " (HTTP 403)");
    }
    return new Response(response.statusCode(), parse(response.body()));
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      // A proxy's HTML error page, say: keep its text as the message.
      return JSON.createObjectNode().put("message", body.strip());
    }
  }

  /** What went wrong on the way, in the operator's terms. */
  private String unreachable(IOException e) {
    String causes = causes(e);
    if (causes.contains("PKIX path") || causes.contains("certification path")) {
      return "Cannot reach "
          + describe()
          + ": its TLS certificate is not signed by a trusted CA; give its CA with --connect-ca"
          + " FILE";
    }
    if (causes.contains("No subject alternative") || causes.contains("No name matching")) {
      return "Cannot reach "
          + describe()
          + ": its TLS certificate does not name the host "
          + URI.create(base).getHost()
          + "; connect by a name the certificate holds";
    }
    if (has(e, SSLException.class)) {
      return "Cannot reach "
          + describe()
          + ": TLS failed ("
          + firstMessage(e, SSLException.class)
          + "); is it an https listener?";
    }
    if (has(e, HttpConnectTimeoutException.class)) {
      return "Cannot reach "
          + describe()
          + ": no connection within "
          + CONNECT_TIMEOUT.toSeconds()
          + " s; check --connect";
    }
    if (has(e, HttpTimeoutException.class)) {
      return describe() + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
    }
    if (has(e, ConnectException.class)) {
      return "Cannot reach " + describe() + ": connection refused; check --connect";
    }
    return "Cannot reach " + describe() + ": " + ToolErrors.describe(e);
  }

  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String firstMessage(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t.getMessage();
      }
    }
    return e.getMessage();
  }
}
