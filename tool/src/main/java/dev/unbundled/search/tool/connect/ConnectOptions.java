package dev.unbundled.search.tool.connect;

import dev.unbundled.search.connector.client.SslContexts;
import dev.unbundled.search.connector.config.TlsSettings;
import dev.unbundled.search.tool.ToolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * How the tool reaches the Kafka Connect REST API: its URL, basic-auth credentials (the password
 * from an option, a prompt or the environment, never printed) and the CA that signed its https
 * certificate.
 */
public final class ConnectOptions {

  static final String URL_ENV = "SEARCH_SINK_CONNECT_URL";
  static final String USER_ENV = "SEARCH_SINK_CONNECT_USER";
  static final String PASSWORD_ENV = "SEARCH_SINK_CONNECT_PASSWORD";
  static final String TRUSTSTORE_PASSWORD_ENV = "SEARCH_SINK_CONNECT_TRUSTSTORE_PASSWORD";

  @Option(
      names = "--connect",
      paramLabel = "URL",
      description = "Kafka Connect REST URL, http or https (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:" + URL_ENV + ":-http://localhost:8083}")
  URI url;

  @Option(
      names = "--connect-user",
      paramLabel = "USER",
      description = "User for Connect's basic authentication (or the variable " + USER_ENV + ").",
      defaultValue = "${env:" + USER_ENV + "}")
  String user;

  @Option(
      names = "--connect-password",
      paramLabel = "PASSWORD",
      arity = "0..1",
      interactive = true,
      description =
          "Password of --connect-user; without a value, asked for. Prefer the variable "
              + PASSWORD_ENV
              + ": a command line is visible to other users of the machine.")
  char[] password;

  @Option(
      names = "--connect-ca",
      paramLabel = "FILE",
      description =
          "CA certificates to trust for Connect's https listener: a PEM file, or a PKCS12/JKS"
              + " truststore (its password in the variable "
              + TRUSTSTORE_PASSWORD_ENV
              + "). Default: the JVM's trusted CAs.")
  Path ca;

  private final Map<String, String> environment;

  ConnectOptions() {
    this(System.getenv());
  }

  ConnectOptions(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The Connect REST API as these options reach it. */
  public ConnectClient client() throws IOException {
    return new ConnectClient(transport());
  }

  HttpConnectTransport transport() throws IOException {
    return new HttpConnectTransport(url, credentials(), sslContext());
  }

  Optional<HttpConnectTransport.Credentials> credentials() throws ToolException {
    char[] secret = password;
    if (secret == null) {
      String fromEnvironment = environment.get(PASSWORD_ENV);
      secret = fromEnvironment == null ? null : fromEnvironment.toCharArray();
    }
    boolean hasUser = user != null && !user.isBlank();
    if (!hasUser && secret != null && secret.length > 0) {
      throw new ToolException(
          "A Connect password is set (--connect-password or "
              + PASSWORD_ENV
              + ") but no user: give --connect-user");
    }
    if (!hasUser) {
      return Optional.empty();
    }
    if (secret == null) {
      throw new ToolException(
          "No password for Connect user '"
              + user
              + "': set the variable "
              + PASSWORD_ENV
              + " or give --connect-password");
    }
    return Optional.of(
        new HttpConnectTransport.Credentials(user, Arrays.copyOf(secret, secret.length)));
  }

  /** The CA of {@code --connect-ca}, or null for the JVM's defaults. */
  SSLContext sslContext() throws IOException {
    if (ca == null) {
      return null;
    }
    if (!Files.isReadable(ca)) {
      throw new ToolException("Cannot read the Connect CA file " + ca + " (--connect-ca)");
    }
    boolean pem;
    try (InputStream in = Files.newInputStream(ca)) {
      pem = new String(in.readNBytes(64), StandardCharsets.US_ASCII).contains("-----BEGIN");
    }
    String storePassword = environment.get(TRUSTSTORE_PASSWORD_ENV);
    TlsSettings tls =
        new TlsSettings(
            Optional.of(ca.toString()),
            pem ? "PEM" : "PKCS12",
            storePassword == null ? null : storePassword.toCharArray(),
            Optional.empty(),
            "PKCS12",
            null,
            null,
            true);
    try {
      return SslContexts.create(tls, "Kafka Connect");
    } catch (ConfigException e) {
      throw new ToolException(e.getMessage() + " (--connect-ca " + ca + ")", e);
    }
  }
}
