package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.SearchStackExtension;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker loads the packaged plugin and rejects bad configurations loudly, on the right key. */
@ExtendWith(SearchStackExtension.class)
class PluginInstallationIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Elasticsearch elasticsearch;
  private final EmbeddedConnectCluster connect;

  PluginInstallationIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    this.elasticsearch = elasticsearch;
    this.connect = connect;
  }

  @Test
  void workerLoadsTheConnectorFromPluginPathNotFromTheTestClasspath() throws Exception {
    assertThatThrownBy(() -> Class.forName(SinkConfigs.CONNECTOR_CLASS))
        .isInstanceOf(ClassNotFoundException.class);

    Response response = connect.requestGet(connect.endpointForResource("connector-plugins"));
    JsonNode plugins = JSON.readTree(String.valueOf(response.getEntity()));

    assertThat(plugins)
        .anySatisfy(
            plugin -> {
              assertThat(plugin.get("class").asText()).isEqualTo(SinkConfigs.CONNECTOR_CLASS);
              assertThat(plugin.get("type").asText()).isEqualTo("sink");
              assertThat(plugin.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
            });
  }

  @Test
  void workerLoadsEveryTransformOfThePlugin() throws Exception {
    Response response =
        connect.requestGet(connect.endpointForResource("connector-plugins?connectorsOnly=false"));
    JsonNode plugins = JSON.readTree(String.valueOf(response.getEntity()));
    List<String> transforms = new java.util.ArrayList<>();
    plugins.forEach(
        plugin -> {
          if (plugin.get("type").asText().equals("transformation")
              && plugin.get("class").asText().startsWith("dev.unbundled.search.transforms.")) {
            transforms.add(plugin.get("class").asText());
            assertThat(plugin.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
          }
        });

    assertThat(transforms)
        .containsExactlyInAnyOrder(
            "dev.unbundled.search.transforms.CdcUnwrap",
            "dev.unbundled.search.transforms.DocumentIdFromFields$Value",
            "dev.unbundled.search.transforms.DocumentIdFromFields$Key",
            "dev.unbundled.search.transforms.RouteByField");
  }

  @Test
  void aValidConfigurationHasNoErrors() {
    ConfigInfos result =
        connect.validateConnectorConfig(
            "SearchSinkConnector", config(Map.of("index.version", "3")));

    assertThat(errorsByKey(result)).isEmpty();
  }

  @Test
  void missingIndexVersionIsReportedOnItsKey() {
    Map<String, String> config = config(Map.of());
    config.remove("index.version");

    ConfigInfos result = connect.validateConnectorConfig("SearchSinkConnector", config);

    assertThat(errorsByKey(result)).containsOnlyKeys("index.version");
    assertThat(errorsByKey(result).get("index.version"))
        .singleElement()
        .asString()
        .contains("Missing required configuration \"index.version\"");
  }

  @Test
  void indexVersionThatIsNotAPositiveIntegerIsReportedOnItsKey() {
    Map<String, String> expectedMessages =
        Map.of(
            "0", "Must be a positive integer",
            "-4", "Must be a positive integer",
            "abc", "Not a number of type INT",
            "2.5", "Not a number of type INT");
    expectedMessages.forEach(
        (value, message) -> {
          ConfigInfos result =
              connect.validateConnectorConfig(
                  "SearchSinkConnector", config(Map.of("index.version", value)));

          assertThat(errorsByKey(result))
              .as("index.version=%s", value)
              .containsOnlyKeys("index.version");
          assertThat(errorsByKey(result).get("index.version"))
              .as("index.version=%s", value)
              .singleElement()
              .asString()
              .contains(message);
        });
  }

  @Test
  void anUnreachableElasticsearchIsReportedOnTheUrl() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ConfigInfos result =
        connect.validateConnectorConfig(
            "SearchSinkConnector",
            config(Map.of("connection.url", "http://127.0.0.1:" + closedPort)));

    assertThat(errorsByKey(result)).containsOnlyKeys("connection.url");
    assertThat(errorsByKey(result).get("connection.url"))
        .singleElement()
        .asString()
        .contains("Cannot reach the search engine")
        .contains(Integer.toString(closedPort));
  }

  @Test
  void impossibleCombinationsAreReportedOnTheKeyToChange() {
    ConfigInfos result =
        connect.validateConnectorConfig(
            "SearchSinkConnector",
            config(Map.of("write.method", "upsert", "document.version", "offset")));

    assertThat(errorsByKey(result)).containsOnlyKeys("document.version");
  }

  private Map<String, String> config(Map<String, String> overrides) {
    Map<String, String> config =
        SinkConfigs.jsonSink(TestNames.unique("validate"), elasticsearch, connect, 1, 1);
    config.put("name", TestNames.unique("validate"));
    config.putAll(overrides);
    return config;
  }

  private static Map<String, List<String>> errorsByKey(ConfigInfos infos) {
    return infos.configs().stream()
        .map(ConfigInfo::configValue)
        .filter(value -> !value.errors().isEmpty())
        .collect(java.util.stream.Collectors.toMap(value -> value.name(), value -> value.errors()));
  }
}
