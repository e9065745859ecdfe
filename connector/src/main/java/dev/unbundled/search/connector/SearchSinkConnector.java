package dev.unbundled.search.connector;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
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
    // Parsing fails fast on a bad configuration, before any task starts.
    new SearchSinkConfig(props);
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

  @Override
  public ConfigDef config() {
    return SearchSinkConfig.CONFIG_DEF;
  }

  @Override
  public String version() {
    return Version.get();
  }
}
