package dev.unbundled.search.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test on the shared servers, whose connectors are deleted after each test. */
@ExtendWith(SearchStackExtension.class)
public abstract class SharedStackTest {

  protected final Elasticsearch elasticsearch;
  protected final EmbeddedConnectCluster connect;
  private final List<String> connectors = new ArrayList<>();

  protected SharedStackTest(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    this.elasticsearch = elasticsearch;
    this.connect = connect;
  }

  @AfterEach
  void deleteConnectors() {
    for (String name : connectors) {
      // The operator's tool may have deleted it already (retire).
      if (connect.connectors().contains(name)) {
        connect.deleteConnector(name);
      }
    }
  }

  /**
   * Deletes the connector of that name after the test, if it exists then: for connectors named by
   * the test (a {@code -v1} whose next version the tool derives) or created by the tool.
   */
  protected void deleteAfterTest(String name) {
    connectors.add(name);
  }

  /** Creates a connector through the REST API and waits until it and its tasks run. */
  protected String startConnector(Map<String, String> config) throws InterruptedException {
    String name = TestNames.unique("sink");
    connect.configureConnector(name, config);
    connectors.add(name);
    int tasks = Integer.parseInt(config.getOrDefault("tasks.max", "1"));
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(name, tasks, "Connector did not start");
    return name;
  }

  /** Stops the connector, deletes its committed offsets, and starts it again from offset zero. */
  protected void replayFromOffsetZero(String connector) throws InterruptedException {
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    connect.resetConnectorOffsets(connector);
    assertThat(Kafka.committedOffsets(connect, connector)).as("offsets after reset").isEmpty();
    connect.resumeConnector(connector);
  }

  /** Waits until the connector's one task has failed, and returns the failure's trace. */
  protected String awaitTaskFailure(String connector) throws InterruptedException {
    connect
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "The task did not fail");
    return connect.connectorStatus(connector).tasks().get(0).trace();
  }

  /** Deletes a connector this test created, before the test ends. */
  protected void deleteConnector(String name) {
    connect.deleteConnector(name);
    connectors.remove(name);
  }

  /** Creates a connector without waiting for it, for connectors expected to fail. */
  protected String createConnector(Map<String, String> config) {
    String name = TestNames.unique("sink");
    connect.configureConnector(name, config);
    connectors.add(name);
    return name;
  }
}
