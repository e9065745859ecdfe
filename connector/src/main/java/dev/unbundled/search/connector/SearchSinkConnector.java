package dev.unbundled.search.connector;

import dev.unbundled.search.connector.client.ConnectionCheck;
import dev.unbundled.search.connector.config.ConfigCombinations;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Keeps Elasticsearch indexes as derived views of Kafka topics: each topic is written to its own
 * versioned index ({@code index.name.format}, {@code index.version}).
 */
public final class SearchSinkConnector extends SinkConnector {

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    // A bad configuration fails here, before any task starts.
    SearchSinkConfig config = new SearchSinkConfig(props);
    List<ConfigCombinations.Problem> problems = ConfigCombinations.check(config, props);
    if (!problems.isEmpty()) {
      ConfigCombinations.Problem first = problems.get(0);
      throw new ConfigException(first.key(), props.get(first.key()), first.message());
    }
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SearchSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return Collections.nCopies(maxTasks, props);
  }

  @Override
  public void stop() {}

  /**
   * Checks each setting on its own key, then combinations of settings, then, only when all of that
   * passed, whether Elasticsearch can be reached with the configured URLs and credentials.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    if (hasErrors(result)) {
      return result;
    }
    SearchSinkConfig config = new SearchSinkConfig(connectorConfigs);
    for (ConfigCombinations.Problem problem : ConfigCombinations.check(config, connectorConfigs)) {
      addError(result, problem.key(), problem.message());
    }
    if (!hasErrors(result)) {
      ConnectionCheck.run(config)
          .ifPresent(failure -> addError(result, failure.key(), failure.message()));
    }
    return result;
  }

  private static boolean hasErrors(Config config) {
    return config.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty());
  }

  private static void addError(Config config, String key, String message) {
    config.configValues().stream()
        .filter(value -> value.name().equals(key))
        .findFirst()
        .ifPresent(value -> value.addErrorMessage(message));
  }

  @Override
  public ConfigDef config() {
    return SearchSinkConfig.CONFIG_DEF;
  }

  @Override
  public String version() {
    return Version.get();
  }
}
