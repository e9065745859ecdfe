package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.ConnectStack;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.SaslKafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import dev.unbundled.search.localstack.JavaProcess;
import dev.unbundled.search.localstack.LocalConnect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector's admin client (caught-up detection, offset checks) on a Kafka listener secured as
 * in production: SASL_SSL with SCRAM-SHA-512 and a certificate from a private CA, configured with
 * {@code kafka.admin.*}. With the right settings the index builds and is promoted; a wrong password
 * and an unknown CA each fail validation on the key to fix; the password shows in no log and no
 * status output.
 */
class SecuredKafkaIT extends SharedStackTest {

  private static final Path WORK = Path.of("target", "secured-kafka", TestNames.unique("run"));

  private static SaslKafka kafka;
  private static LocalConnect worker;

  SecuredKafkaIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @BeforeAll
  static void startSecuredKafkaAndWorker() throws Exception {
    kafka = SaslKafka.start(WORK.resolve("kafka"));
    Path workerDir = WORK.resolve("connect");
    worker =
        LocalConnect.start(
            Path.of("..", "local-stack", "target", "kafka-libs"),
            workerDir,
            JavaProcess.writeLog4jConfig(workerDir),
            kafka.bootstrapServers(),
            Path.of(System.getProperty(ConnectStack.PLUGIN_PATH_PROPERTY)),
            "secured-kafka-connect",
            "");
  }

  @AfterAll
  static void stopSecuredKafkaAndWorker() {
    if (worker != null) {
      worker.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** A sink of {@code topic} on the worker, reading offsets over SASL_SSL with these settings. */
  private Map<String, String> sink(String topic, String password, Path ca) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("name", topic + "-search-v1");
    config.putAll(kafka.connectorSettings(password, ca));
    return config;
  }

  @Test
  void caughtUpDetectionAndPromotionWorkOverSaslSsl() throws Exception {
    String topic = TestNames.unique("sasl");
    int records = 2_000;
    produce(topic, records);
    String connector = topic + "-search-v1";
    Map<String, String> config = sink(topic, kafka.password(), kafka.certificates().ca());

    JsonNode validated = worker.rest().validate(config);
    assertThat(validated.path("error_count").asInt()).as(validated.toString()).isZero();
    worker.rest().putConnector(connector, config);

    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(topic + "-v1")),
        TimeUnit.MINUTES.toMillis(2),
        () -> "not promoted: " + status(connector));
    elasticsearch.refresh(topic + "-v1");
    assertThat(elasticsearch.count(topic)).isEqualTo(records);
    JsonNode status = worker.rest().status(connector);
    assertThat(status.path("connector").path("state").asText()).isEqualTo("RUNNING");
    assertThat(status.path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");

    // The operator's tool reads Kafka with its own client settings, from a file of its own.
    Path kafkaConfig = WORK.resolve(TestNames.unique("tool-kafka") + ".properties");
    Files.writeString(
        kafkaConfig,
        kafka.connectorSettings(kafka.password(), kafka.certificates().ca()).entrySet().stream()
            .filter(setting -> setting.getKey().startsWith("kafka.admin."))
            .map(
                setting ->
                    setting.getKey().substring("kafka.admin.".length())
                        + "="
                        + setting.getValue().replace("\\", "\\\\"))
            .collect(Collectors.joining("\n")));
    StatusTool.Result tool =
        new StatusTool(worker.rest().url())
            .run(
                "status",
                connector,
                "--bootstrap-servers=" + config.get("kafka.bootstrap.servers"),
                "--kafka-config=" + kafkaConfig.toAbsolutePath());
    assertThat(tool.exitCode()).as(tool.out() + tool.err()).isZero();
    assertThat(tool.out())
        .contains(connector)
        .contains("2,000/2,000 records  0 behind")
        .contains("read alias " + topic + " -> " + topic + "-v1");

    // Without the settings, the report says it could not read Kafka, and how to fix that.
    StatusTool.Result unsecured = new StatusTool(worker.rest().url()).run("status", connector);
    assertThat(unsecured.exitCode()).as(unsecured.out() + unsecured.err()).isEqualTo(2);
    assertThat(unsecured.out())
        .contains("cannot read where it stands: Kafka at " + config.get("kafka.bootstrap.servers"))
        .contains("did not answer within 30 s")
        .contains("(security.protocol SASL_SSL)")
        .contains("--kafka-config FILE");
    assertThat(List.of(status.toString(), tool.out(), tool.err(), logs()))
        .as("status, the tool's output and every log")
        .noneMatch(text -> text.contains(kafka.password()));
  }

  @Test
  void aWrongPasswordFailsValidationOnTheJaasConfiguration() throws Exception {
    String wrong = "Wrong-Pa55-" + System.nanoTime();
    String topic = TestNames.unique("sasl");
    Map<String, String> config = sink(topic, wrong, kafka.certificates().ca());

    JsonNode validated = worker.rest().validate(config);
    // Creating it anyway is refused with the same message.
    assertThatThrownBy(() -> worker.rest().putConnector(topic + "-search-v1", config))
        .hasMessageContaining("refused the SASL credentials")
        .hasMessageContaining("kafka.admin.sasl.jaas.config")
        .message()
        .doesNotContain(wrong);

    assertThat(errors(validated, "kafka.admin.sasl.jaas.config"))
        .singleElement()
        .asString()
        .contains("refused the SASL credentials")
        .contains("kafka.admin.sasl.jaas.config");
    assertThat(validated.path("error_count").asInt()).isEqualTo(1);
    assertThat(validated.toString()).doesNotContain(wrong);
    assertThat(logs()).doesNotContain(wrong);
  }

  @Test
  void anUnknownCaFailsValidationOnTheTruststore() throws Exception {
    Map<String, String> config =
        sink(TestNames.unique("sasl"), kafka.password(), kafka.certificates().otherCa());

    JsonNode validated = worker.rest().validate(config);

    assertThat(errors(validated, "kafka.admin.ssl.truststore.location"))
        .singleElement()
        .asString()
        .contains("TLS handshake with Kafka")
        .contains("holds the CA that signed the brokers' certificates");
    assertThat(validated.path("error_count").asInt()).isEqualTo(1);
    assertThat(validated.toString()).doesNotContain(kafka.password());
  }

  /** The errors validation reported on {@code key}. */
  private static List<String> errors(JsonNode validated, String key) {
    List<String> errors = new ArrayList<>();
    for (JsonNode config : validated.path("configs")) {
      if (config.path("value").path("name").asText().equals(key)) {
        config.path("value").path("errors").forEach(error -> errors.add(error.asText()));
      }
    }
    return errors;
  }

  private String status(String connector) {
    try {
      return worker.rest().status(connector).toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void produce(String topic, int records) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "{\"n\":" + i + "}"));
      }
      producer.flush();
    }
  }

  /** Everything the broker and the worker logged and printed. */
  private static String logs() throws IOException {
    try (Stream<Path> files = Files.walk(WORK)) {
      return files
          .filter(file -> file.getParent().getFileName().toString().equals("logs"))
          .filter(Files::isRegularFile)
          .map(
              file -> {
                try {
                  return Files.readString(file, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .collect(Collectors.joining("\n"));
    }
  }
}
