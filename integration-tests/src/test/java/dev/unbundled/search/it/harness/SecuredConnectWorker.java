package dev.unbundled.search.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.localstack.JavaProcess;
import dev.unbundled.search.localstack.LocalConnect;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Connect worker as production secures it: an https listener with a certificate from a test CA,
 * and Connect's own basic-auth REST extension ({@code BasicAuthSecurityRestExtension}, users in a
 * JAAS property file). It runs as a process of its own because the JAAS configuration is a JVM-wide
 * system property.
 */
public final class SecuredConnectWorker implements AutoCloseable {

  public static final String USER = "operator";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path KAFKA_LIBS = Path.of("..", "local-stack", "target", "kafka-libs");

  private final JavaProcess process;
  private final String url;
  private final String password;
  private final TestCertificates certificates;
  private final Path logs;
  private final HttpClient http;

  private SecuredConnectWorker(
      JavaProcess process, String url, String password, TestCertificates certificates, Path logs)
      throws Exception {
    this.process = process;
    this.url = url;
    this.password = password;
    this.certificates = certificates;
    this.logs = logs;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(trusting(certificates.ca()))
            .build();
  }

  /** Starts a worker of a Connect cluster of its own on the given Kafka, and waits for it. */
  public static SecuredConnectWorker start(String bootstrapServers, Path work) throws Exception {
    Files.createDirectories(work);
    String password = "Connect-Pa55-" + System.nanoTime();
    TestCertificates certificates =
        TestCertificates.create(work.resolve("certs"), "store-" + System.nanoTime());
    Path credentials =
        Files.writeString(work.resolve("credentials.properties"), USER + "=" + password + "\n");
    Path jaas =
        Files.writeString(
            work.resolve("connect-jaas.conf"),
            "KafkaConnect {\n"
                + "  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule"
                + " required\n"
                + "  file=\""
                + credentials.toAbsolutePath()
                + "\";\n};\n");
    int port = JavaProcess.freePort();
    Path properties =
        LocalConnect.writeWorkerProperties(
            work,
            port,
            "https://127.0.0.1:" + port,
            bootstrapServers,
            System.getProperty(ConnectStack.PLUGIN_PATH_PROPERTY),
            "secured-" + work.getFileName(),
            String.join(
                "\n",
                "listeners.https.ssl.keystore.location="
                    + certificates.serverKeystore().toAbsolutePath(),
                "listeners.https.ssl.keystore.type=PKCS12",
                "listeners.https.ssl.keystore.password=" + certificates.storePassword(),
                "listeners.https.ssl.key.password=" + certificates.storePassword(),
                "rest.extension.classes="
                    + "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension"));
    Path logs = work.resolve("logs");
    JavaProcess process =
        JavaProcess.start(
            "connect",
            KAFKA_LIBS,
            JavaProcess.writeLog4jConfig(work),
            logs.resolve("connect-" + port + ".log"),
            List.of("-Djava.security.auth.login.config=" + jaas.toAbsolutePath()),
            "org.apache.kafka.connect.cli.ConnectDistributed",
            properties.toString());
    SecuredConnectWorker worker =
        new SecuredConnectWorker(
            process, "https://127.0.0.1:" + port, password, certificates, logs);
    try {
      worker.awaitReady();
    } catch (Exception | Error e) {
      worker.close(); // a worker that never answered must not outlive the test
      throw e;
    }
    return worker;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The secured Connect worker exited; see " + logs);
      }
      try {
        if (send("GET", "/connectors", null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("The secured Connect worker did not start; see " + logs);
  }

  public String url() {
    return url;
  }

  public String password() {
    return password;
  }

  public TestCertificates certificates() {
    return certificates;
  }

  /** Creates or updates a connector with the right credentials. */
  public void putConnector(String name, Map<String, String> config) throws Exception {
    HttpResponse<String> response =
        send("PUT", "/connectors/" + name + "/config", JSON.writeValueAsString(config));
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("Connect refused " + name + ": " + response.body());
    }
  }

  /** {@code GET /connectors/<name>}'s status code: 200 when it exists, 404 when not. */
  public int connectorStatusCode(String name) throws Exception {
    return send("GET", "/connectors/" + name, null).statusCode();
  }

  public void deleteConnector(String name) throws Exception {
    send("DELETE", "/connectors/" + name, null);
  }

  /** Everything the worker logged and printed. */
  public String logs() throws IOException {
    try (Stream<Path> files = Files.list(logs)) {
      return files
          .filter(Files::isRegularFile)
          .map(
              file -> {
                try {
                  return Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .collect(Collectors.joining("\n"));
    }
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext trusting(Path caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() {
    process.close();
  }
}
