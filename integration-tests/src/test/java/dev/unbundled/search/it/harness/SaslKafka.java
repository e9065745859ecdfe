package dev.unbundled.search.it.harness;

import dev.unbundled.search.localstack.JavaProcess;
import dev.unbundled.search.localstack.LocalKafka;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A Kafka broker (a process of its own) with a plaintext listener, for Connect workers and the
 * test's producers, and a SASL_SSL listener next to it: SCRAM-SHA-512, a certificate from a test
 * CA. The SCRAM user is created with Kafka's own admin API, as an operator would.
 */
public final class SaslKafka implements AutoCloseable {

  public static final String USER = "search-sink";

  private static final Path KAFKA_LIBS = Path.of("..", "local-stack", "target", "kafka-libs");

  private final LocalKafka kafka;
  private final String saslBootstrapServers;
  private final String password;
  private final TestCertificates certificates;
  private final Path logs;

  private SaslKafka(
      LocalKafka kafka,
      String saslBootstrapServers,
      String password,
      TestCertificates certificates,
      Path logs) {
    this.kafka = kafka;
    this.saslBootstrapServers = saslBootstrapServers;
    this.password = password;
    this.certificates = certificates;
    this.logs = logs;
  }

  /** Starts the broker, creates the SCRAM user, and waits until it can log in over SASL_SSL. */
  public static SaslKafka start(Path work) throws Exception {
    TestCertificates certificates =
        TestCertificates.create(work.resolve("certs"), "store-" + System.nanoTime());
    String keystore = certificates.serverKeystore().toAbsolutePath().toString();
    int port = JavaProcess.freePort();
    LocalKafka.Listener sasl =
        new LocalKafka.Listener(
            "SASL_SSL",
            "SASL_SSL",
            port,
            List.of(
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                    + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.sasl_ssl.ssl.keystore.location=" + keystore,
                "listener.name.sasl_ssl.ssl.keystore.type=PKCS12",
                "listener.name.sasl_ssl.ssl.keystore.password=" + certificates.storePassword(),
                "listener.name.sasl_ssl.ssl.key.password=" + certificates.storePassword()));
    LocalKafka kafka =
        LocalKafka.start(KAFKA_LIBS, work, JavaProcess.writeLog4jConfig(work), List.of(sasl));
    String password = "Kafka-Pa55-" + System.nanoTime();
    SaslKafka secured =
        new SaslKafka(kafka, "127.0.0.1:" + port, password, certificates, kafka.log().getParent());
    try {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .alterUserScramCredentials(
                List.of(
                    new UserScramCredentialUpsertion(
                        USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        password)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      secured.awaitLogin();
    } catch (Exception | Error e) {
      secured.close();
      throw e;
    }
    return secured;
  }

  /** The credential reaches the SASL listener through the metadata log: wait until it has. */
  private void awaitLogin() throws Exception {
    Map<String, Object> settings = new HashMap<>();
    connectorSettings(password, certificates.ca())
        .forEach(
            (key, value) ->
                settings.put(
                    key.equals("kafka.bootstrap.servers")
                        ? "bootstrap.servers"
                        : key.substring("kafka.admin.".length()),
                    value));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = Admin.create(settings)) {
        admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        return;
      } catch (Exception notYet) {
        last = notYet;
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("Cannot log in over SASL_SSL; see " + logs, last);
  }

  /** The plaintext listener, for Connect workers and the test's own clients. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String password() {
    return password;
  }

  public TestCertificates certificates() {
    return certificates;
  }

  /** Where the broker logs. */
  public Path logs() {
    return logs;
  }

  /**
   * The connector's {@code kafka.*} settings for the SASL_SSL listener: SCRAM-SHA-512 as {@link
   * #USER} with {@code password}, trusting the CA in {@code caPem}.
   */
  public Map<String, String> connectorSettings(String password, Path caPem) {
    return Map.of(
        "kafka.bootstrap.servers",
        saslBootstrapServers,
        "kafka.admin.security.protocol",
        "SASL_SSL",
        "kafka.admin.sasl.mechanism",
        "SCRAM-SHA-512",
        "kafka.admin.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + USER
            + "\" password=\""
            + password
            + "\";",
        "kafka.admin.ssl.truststore.type",
        "PEM",
        "kafka.admin.ssl.truststore.location",
        caPem.toAbsolutePath().toString());
  }

  @Override
  public void close() {
    kafka.close();
  }
}
