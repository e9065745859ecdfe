package dev.unbundled.search.tool.session;

import dev.unbundled.search.connector.config.ConnectionGroup;
import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.config.SecurityGroup;
import dev.unbundled.search.tool.connect.ConnectOptions;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the tool finds Connect ({@link ConnectOptions}), Kafka and Elasticsearch, and how it
 * authenticates to each. By default it uses each connector's own {@code connection.url} and {@code
 * kafka.bootstrap.servers}; secrets never come from the connector's configuration (Connect may hand
 * them out in clear) but from the environment or a file, and are never printed.
 */
public final class Endpoints {

  static final String ES_USERNAME_ENV = "SEARCH_SINK_ES_USERNAME";
  static final String ES_PASSWORD_ENV = "SEARCH_SINK_ES_PASSWORD";
  static final String ES_API_KEY_ENV = "SEARCH_SINK_ES_API_KEY";
  static final String ES_BEARER_TOKEN_ENV = "SEARCH_SINK_ES_BEARER_TOKEN";

  @Mixin public ConnectOptions connect;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOSTS",
      description = "Kafka bootstrap servers (default: the connector's kafka.bootstrap.servers).")
  String bootstrapServers;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*) for the admin client and"
              + " consumer the tool uses.")
  Path kafkaConfig;

  @Option(
      names = "--elasticsearch",
      paramLabel = "URL",
      description = "The search engine URL (default: the connector's connection.url).")
  String elasticsearch;

  @Option(
      names = "--es-config",
      paramLabel = "FILE",
      description =
          "Search engine connection settings with the connector's names: connection.username,"
              + " connection.password, connection.api.key, connection.bearer.token,"
              + " elastic.https.ssl.*. The environment variables "
              + ES_USERNAME_ENV
              + ", "
              + ES_PASSWORD_ENV
              + ", "
              + ES_API_KEY_ENV
              + " and "
              + ES_BEARER_TOKEN_ENV
              + " override the file.")
  Path esConfig;

  private final Map<String, String> environment;

  Endpoints() {
    this(System.getenv());
  }

  Endpoints(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Opens a session on a connector: its search engine and Kafka as these endpoints reach them.
   * Nothing is asked of Kafka until positions are read.
   */
  public ConnectorSession open(SinkConnectorInfo info) throws IOException {
    Map<String, String> settings = settingsFor(info.config());
    SearchSinkConfig config = new SearchSinkConfig(settings);
    return new ConnectorSession(
        info,
        settings,
        new RestSearchEngine(config),
        new AdminPositions(config, settings, kafkaHint(info.config())));
  }

  /**
   * The settings the tool works with for a connector: its configuration without secrets or Kafka
   * client settings, then the tool's own files, environment and options.
   */
  public Map<String, String> settingsFor(Map<String, String> connectorConfig) throws IOException {
    Map<String, String> settings = new HashMap<>(connectorConfig);
    settings
        .keySet()
        .removeIf(key -> isSecret(key) || key.startsWith(KafkaGroup.KAFKA_ADMIN_PREFIX));
    if (esConfig != null) {
      settings.putAll(load(esConfig));
    }
    putFromEnvironment(settings, ES_USERNAME_ENV, ConnectionGroup.CONNECTION_USERNAME);
    putFromEnvironment(settings, ES_PASSWORD_ENV, ConnectionGroup.CONNECTION_PASSWORD);
    putFromEnvironment(settings, ES_API_KEY_ENV, SecurityGroup.CONNECTION_API_KEY);
    putFromEnvironment(settings, ES_BEARER_TOKEN_ENV, SecurityGroup.CONNECTION_BEARER_TOKEN);
    if (elasticsearch != null) {
      settings.put(ConnectionGroup.CONNECTION_URL, elasticsearch);
    }
    if (bootstrapServers != null) {
      settings.put(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
    }
    if (kafkaConfig != null) {
      load(kafkaConfig)
          .forEach((key, value) -> settings.put(KafkaGroup.KAFKA_ADMIN_PREFIX + key, value));
    }
    return settings;
  }

  /**
   * What to add to a Kafka error for a connector that reaches Kafka with {@code kafka.admin.*}
   * settings the tool does not copy (they may hold secrets) when it was given none of its own;
   * empty otherwise.
   */
  String kafkaHint(Map<String, String> connectorConfig) {
    if (kafkaConfig != null
        || connectorConfig.keySet().stream()
            .noneMatch(key -> key.startsWith(KafkaGroup.KAFKA_ADMIN_PREFIX))) {
      return "";
    }
    String protocol = connectorConfig.get(KafkaGroup.SECURITY_PROTOCOL);
    return "; the connector reaches Kafka with its own "
        + KafkaGroup.KAFKA_ADMIN_PREFIX
        + "* settings"
        + (protocol == null ? "" : " (security.protocol " + protocol + ")")
        + ", which the tool does not copy: give it the same Kafka client settings with"
        + " --kafka-config FILE";
  }

  private void putFromEnvironment(Map<String, String> settings, String variable, String key) {
    String value = environment.get(variable);
    if (value != null && !value.isEmpty()) {
      settings.put(key, value);
    }
  }

  private static boolean isSecret(String key) {
    ConfigDef.ConfigKey definition = SearchSinkConfig.CONFIG_DEF.configKeys().get(key);
    return definition != null && definition.type == ConfigDef.Type.PASSWORD;
  }

  private static Map<String, String> load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    Map<String, String> values = new HashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> values.put(name, properties.getProperty(name)));
    return values;
  }
}
