package dev.unbundled.search.tool.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

  private static final Map<String, String> CONNECTOR =
      Map.of(
          "name", "c",
          "connection.url", "http://es-inside-the-cluster:9200",
          "connection.username", "sink",
          "connection.password", "from-connect",
          "kafka.bootstrap.servers", "kafka:9092",
          "kafka.admin.sasl.jaas.config", "secret jaas");

  @Test
  void secretsFromTheConnectorConfigurationAreNeverUsed() throws Exception {
    Map<String, String> settings = new Endpoints(Map.of()).settingsFor(CONNECTOR);
    assertThat(settings)
        .doesNotContainKeys("connection.password", "kafka.admin.sasl.jaas.config")
        .containsEntry("connection.url", "http://es-inside-the-cluster:9200")
        .containsEntry("kafka.bootstrap.servers", "kafka:9092");
  }

  @Test
  void optionsFilesAndTheEnvironmentOverrideTheConnector(@TempDir Path dir) throws Exception {
    Path es = Files.writeString(dir.resolve("es.properties"), "connection.password=from-file\n");
    Path kafka = Files.writeString(dir.resolve("kafka.properties"), "security.protocol=SSL\n");
    Endpoints endpoints =
        new Endpoints(Map.of(Endpoints.ES_USERNAME_ENV, "operator", Endpoints.ES_API_KEY_ENV, "k"));
    endpoints.esConfig = es;
    endpoints.kafkaConfig = kafka;
    endpoints.elasticsearch = "https://localhost:9200";
    endpoints.bootstrapServers = "localhost:9092";

    Map<String, String> settings = endpoints.settingsFor(CONNECTOR);

    assertThat(settings)
        .containsEntry("connection.url", "https://localhost:9200")
        .containsEntry("connection.username", "operator")
        .containsEntry("connection.password", "from-file")
        .containsEntry("connection.api.key", "k")
        .containsEntry("kafka.bootstrap.servers", "localhost:9092")
        .containsEntry("kafka.admin.security.protocol", "SSL");
  }

  @Test
  void aKafkaErrorSaysToPassKafkaConfigOnlyWhenTheConnectorHasKafkaSettingsTheToolLacks(
      @TempDir Path dir) throws Exception {
    Map<String, String> secured = new java.util.HashMap<>(CONNECTOR);
    secured.put("kafka.admin.security.protocol", "SASL_SSL");
    Endpoints endpoints = new Endpoints(Map.of());

    assertThat(endpoints.kafkaHint(secured))
        .contains("security.protocol SASL_SSL")
        .endsWith("give it the same Kafka client settings with --kafka-config FILE");
    assertThat(endpoints.kafkaHint(Map.of("kafka.bootstrap.servers", "kafka:9092"))).isEmpty();

    endpoints.kafkaConfig = Files.writeString(dir.resolve("kafka.properties"), "");
    assertThat(endpoints.kafkaHint(secured)).isEmpty();
  }
}
