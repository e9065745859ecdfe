package dev.unbundled.search.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkConnectorContext;
import org.junit.jupiter.api.Test;

/**
 * The connector's own life cycle, without a server: {@code start} refuses what {@code validate}
 * would, the life-cycle thread it starts ends with {@code stop}, and every task gets its settings.
 */
class SearchSinkConnectorLifecycleTest {

  private final List<Throwable> raised = new ArrayList<>();

  private final SinkConnectorContext context =
      new SinkConnectorContext() {
        @Override
        public void requestTaskReconfiguration() {}

        @Override
        public void raiseError(Exception e) {
          raised.add(e);
        }

        @Override
        public PluginMetrics pluginMetrics() {
          throw new UnsupportedOperationException("no plugin metrics in this test");
        }
      };

  private static Map<String, String> config(String name, String topics) {
    return Map.of(
        "name", name,
        // Nothing listens there: the life-cycle checks fail and retry, which is all they may do.
        "connection.url", "http://127.0.0.1:1",
        "index.version", "1",
        "kafka.bootstrap.servers", "127.0.0.1:1",
        "topics", topics);
  }

  @Test
  void startRefusesTopicsThatFoldIntoOneIndexBeforeStartingAnything() {
    SearchSinkConnector connector = new SearchSinkConnector();
    connector.initialize(context);

    assertThatThrownBy(() -> connector.start(config("folded", "audit,_audit")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'audit' and '_audit'");
    assertThat(lifecycleThreads("folded")).isEmpty();
    connector.stop();
  }

  @Test
  void stopEndsTheLifecycleThreadAndTheConnectorStartsAgain() throws Exception {
    SearchSinkConnector connector = new SearchSinkConnector();
    connector.initialize(context);

    for (int round = 0; round < 2; round++) {
      connector.start(config("restarted", "orders"));
      assertThat(lifecycleThreads("restarted")).as("round %d", round).hasSize(1);
      connector.stop();
      for (Thread thread : lifecycleThreads("restarted")) {
        thread.join(10_000);
      }
      assertThat(lifecycleThreads("restarted")).as("round %d", round).isEmpty();
    }
    assertThat(raised).as("an unreachable engine is retried, not raised").isEmpty();
  }

  @Test
  void everyTaskGetsTheConnectorsSettings() {
    SearchSinkConnector connector = new SearchSinkConnector();
    connector.initialize(context);
    connector.start(config("tasks", "orders"));
    try {
      assertThat(connector.taskConfigs(3))
          .hasSize(3)
          .allSatisfy(task -> assertThat(task).isEqualTo(config("tasks", "orders")));
      assertThat(connector.taskClass()).isEqualTo(SearchSinkTask.class);
    } finally {
      connector.stop();
    }
  }

  private static List<Thread> lifecycleThreads(String connector) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("search-sink-lifecycle-" + connector))
        .filter(Thread::isAlive)
        .toList();
  }
}
