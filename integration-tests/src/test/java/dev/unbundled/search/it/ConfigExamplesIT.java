package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.SharedStackTest;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every example in {@code config/} passes the real worker's validation, without errors and without
 * keys that nothing defines, so the examples cannot rot.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class ConfigExamplesIT extends SharedStackTest {

  static final Path EXAMPLES = Path.of("..", "config");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SECURED_EXAMPLE = "secured-elasticsearch.json";
  static final String STRIMZI_EXAMPLE = "strimzi-kafkaconnector.yaml";
  private static final String IN_POD_ONLY = "elastic.https.ssl.truststore.location";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Validated by AwsSigV4IT, through a proxy that checks its signatures, with AWS credentials. */
  static final String AWS_EXAMPLE = "amazon-opensearch-service.json";

  ConfigExamplesIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void everyExampleIsValidAndUsesOnlyKnownKeys() throws IOException {
    validate(examples());
  }

  /** The Strimzi KafkaConnector: its class, tasksMax and spec.config, validated the same way. */
  @Test
  void theStrimziKafkaConnectorIsValidAndUsesOnlyKnownKeys() throws IOException {
    assertThat(read(EXAMPLES.resolve(STRIMZI_EXAMPLE)))
        .containsEntry("connector.class", "dev.unbundled.search.connector.SearchSinkConnector")
        .containsEntry("name", "orders-search-v1")
        .containsKey("index.version");
    validate(List.of(EXAMPLES.resolve(STRIMZI_EXAMPLE)));
  }

  private static List<Path> examples() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples =
          files
              .filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".properties"))
              .filter(f -> !f.getFileName().toString().equals(SECURED_EXAMPLE))
              .filter(f -> !f.getFileName().toString().equals(AWS_EXAMPLE))
              .sorted()
              .toList();
    }
    assertThat(examples).isNotEmpty();
    return examples;
  }

  private void validate(List<Path> examples) throws IOException {
    for (Path example : examples) {
      Map<String, String> config = read(example);
      // The CA file of the Strimzi example is in the Connect pod; this worker has none to load.
      // The key itself is still checked below, against the keys the worker defines.
      String podCa = config.remove(IN_POD_ONLY);

      // Point the example at the servers of this run; everything else is as written.
      config.put("connection.url", elasticsearch.url());
      config.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
      config.putIfAbsent("name", "example");

      ConfigInfos result = connect.validateConnectorConfig("SearchSinkConnector", config);

      Map<String, List<String>> errors =
          result.configs().stream()
              .map(ConfigInfo::configValue)
              .filter(value -> !value.errors().isEmpty())
              .collect(Collectors.toMap(value -> value.name(), value -> value.errors()));
      assertThat(errors).as("errors in %s", example).isEmpty();
      Set<String> known =
          result.configs().stream()
              .map(info -> info.configKey().name())
              .collect(Collectors.toSet());
      if (podCa != null) {
        assertThat(known).as("keys of %s that nothing defines", example).contains(IN_POD_ONLY);
      }
      assertThat(config.keySet())
          .filteredOn(key -> !passedToUndeclaringConverter(key, known))
          .as("keys of %s that nothing defines", example)
          .isSubsetOf(known);
    }
  }

  /**
   * A converter setting the worker cannot check: converters that declare no settings (Apicurio's
   * AvroConverter reads its {@code apicurio.registry.*} settings itself) get theirs unvalidated.
   * The converter class itself was validated above. ({@code plugin.version} is the worker's.)
   */
  private static boolean passedToUndeclaringConverter(String key, Set<String> known) {
    for (String converter : List.of("key.converter.", "value.converter.", "header.converter.")) {
      if (key.startsWith(converter)) {
        return known.stream()
            .filter(name -> !name.equals(converter + "plugin.version"))
            .noneMatch(name -> name.startsWith(converter));
      }
    }
    return false;
  }

  @Test
  void indexSettingsAndMappingsExamplesCreateAnIndex() throws IOException {
    String settings = Files.readString(EXAMPLES.resolve("index/products-settings.json"));
    String mappings = Files.readString(EXAMPLES.resolve("index/products-mappings-v2.json"));
    String index = dev.unbundled.search.it.harness.TestNames.unique("example");

    elasticsearch.put(
        "/" + index, "{\"settings\": " + settings + ", \"mappings\": " + mappings + "}");

    assertThat(elasticsearch.indexExists(index)).isTrue();
    elasticsearch.delete("/" + index);
  }

  static Map<String, String> read(Path example) throws IOException {
    if (example.toString().endsWith(".yaml")) {
      // A KafkaConnector: Strimzi sends spec.config with the class, tasks and name it holds apart.
      JsonNode resource = YAML.readTree(example.toFile());
      JsonNode spec = resource.path("spec");
      Map<String, String> config = new HashMap<>();
      spec.path("config")
          .fields()
          .forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
      config.put("connector.class", spec.path("class").asText());
      config.put("tasks.max", spec.path("tasksMax").asText());
      config.put("name", resource.path("metadata").path("name").asText());
      return config;
    }
    if (example.toString().endsWith(".json")) {
      return new HashMap<>(
          JSON.readValue(example.toFile(), new TypeReference<Map<String, String>>() {}));
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(example)) {
      properties.load(reader);
    }
    Map<String, String> config = new HashMap<>();
    properties.forEach((key, value) -> config.put(key.toString(), value.toString()));
    return config;
  }
}
