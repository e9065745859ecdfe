package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.ClusterStackTest;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.TestNames;
import dev.unbundled.search.localstack.ElasticsearchCluster;
import dev.unbundled.search.localstack.ElasticsearchServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node of the three-node cluster dies while an index builds with no replicas (the topic is the
 * backup). Killed and restarted with its data, the build goes on and converges. Lost for good (its
 * data gone, a fresh node in its place), the index has lost documents whose offsets are committed:
 * the connector notices, records the loss, never promotes the index, and fails with the steps that
 * rebuild it, which then work.
 */
@Tag("slow")
class NodeLossIT extends ClusterStackTest {

  private static final Duration CATCH_UP = Duration.ofMinutes(4);

  /**
   * The worst case seen: a request caught by the kill waits out the client's read timeout (60 s)
   * after the engine held it for an unavailable shard (up to a minute), then the retry's backoff
   * (up to a minute), and the retry's own hold (a minute) before its answer is checked against the
   * recorded loss: about four minutes (one CI run took 235 s). Far below what the task's 40 retries
   * would take to run out (over an hour).
   */
  private static final Duration TASK_GIVES_UP = Duration.ofMinutes(5);

  NodeLossIT(ElasticsearchCluster cluster, EmbeddedConnectCluster connect) {
    super(cluster, connect);
  }

  /** A build slow enough (small requests, one at a time) that a node dies in its middle. */
  private Map<String, String> slowBuild(String topic, int tasks) {
    Map<String, String> config = clusterSink(topic, 1, tasks);
    config.put("index.settings", "{\"index\": {\"number_of_shards\": 3}}");
    config.put("batch.size", "50");
    config.put("max.in.flight.requests", "1");
    config.put("retry.backoff.ms", "500");
    config.put("max.retries", "40");
    return config;
  }

  @Test
  void aNodeKilledAndRestartedMidBuildLeavesAnIndexEqualToTheTopic() throws Exception {
    String topic = TestNames.unique("restart");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(10_000, 40_000, 10, 2));
    String index = topic + "-v1";
    AliasWatch watch = new AliasWatch(topic, index);
    String connector = startConnector(slowBuild(topic, 2));
    awaitSomethingCommitted(connector);

    ElasticsearchServer victim = nodeWithAPrimaryOf(index);
    victim.kill();
    assertStillBuilding(index);
    Thread.sleep(10_000);
    assertThat(connect.connectorStatus(connector).tasks())
        .as("tasks retry while the node is away")
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    victim.restart();

    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(index)),
        CATCH_UP.toMillis(),
        "the index was not promoted after the node came back");
    assertThat(watch.statusesWhileAliased()).containsOnly("green");
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
    assertVerifyMatches(connector);
  }

  /**
   * A rolling restart, as operators upgrade a cluster: each node stopped cleanly and started again
   * in turn, while the index is built with no replicas (so each stop leaves some shards without a
   * copy until the node is back). Writes wait; no task fails; the build converges and is promoted.
   */
  @Test
  void aRollingRestartOfEveryNodeMidBuildFailsNoTaskAndPromotesTheIndex() throws Exception {
    String topic = TestNames.unique("rolling");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(10_000, 40_000, 10, 4));
    String index = topic + "-v1";
    AliasWatch watch = new AliasWatch(topic, index);
    String connector = startConnector(slowBuild(topic, 2));
    awaitSomethingCommitted(connector);
    assertStillBuilding(index);

    for (int node = 3; node >= 1; node--) {
      cluster.node(node).stop();
      Thread.sleep(2_000);
      cluster.node(node).restart();
      Elasticsearch via = new Elasticsearch(cluster.node(node).url(), cluster.product());
      TestUtils.waitForCondition(
          () ->
              via.get("/_cluster/health/" + index + "?timeout=1s").path("number_of_nodes").asInt()
                      == 3
                  && !"red"
                      .equals(
                          via.get("/_cluster/health/" + index + "?timeout=1s")
                              .path("status")
                              .asText()),
          CATCH_UP.toMillis(),
          "node-" + node + " did not rejoin with the index's shards");
      assertThat(connect.connectorStatus(connector).tasks())
          .as("tasks after node-" + node + " restarted")
          .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    }

    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(index)),
        CATCH_UP.toMillis(),
        "the index was not promoted after the rolling restart");
    assertThat(watch.statusesWhileAliased()).containsOnly("green");
    assertThat(connect.connectorStatus(connector).connector().state()).isEqualTo("RUNNING");
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
    assertVerifyMatches(connector);
  }

  @Test
  void aNodeLostForGoodMidBuildFailsTheConnectorAndTheDocumentedRebuildConverges()
      throws Exception {
    String topic = TestNames.unique("lost");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(10_000, 40_000, 10, 3));
    String index = topic + "-v1";
    AliasWatch watch = new AliasWatch(topic, index);
    Map<String, String> config = slowBuild(topic, 1);
    config.put("index.lost.primary.timeout.ms", "5000");
    String connector = startConnector(config);
    awaitSomethingCommitted(connector);

    ElasticsearchServer victim = nodeWithAPrimaryOf(index);
    victim.kill();
    assertStillBuilding(index);
    victim.wipeData();
    victim.restart();

    TestUtils.waitForCondition(
        () -> connect.connectorStatus(connector).connector().state().equals("FAILED"),
        120_000,
        () -> "connector did not fail: " + connect.connectorStatus(connector).connector());
    ConnectorStateInfo.ConnectorState failed = connect.connectorStatus(connector).connector();
    assertThat(failed.trace())
        .contains("Index '" + index + "' lost primary shard(s)")
        .contains("DELETE /connectors/" + connector + "/offsets");
    JsonNode loss =
        elasticsearch
            .get("/" + index + "/_mapping")
            .path(index)
            .path("mappings")
            .path("_meta")
            .path("unbundled_search_lost_shards");
    assertThat(loss.path("shards")).as("loss recorded in _meta").isNotEmpty();
    assertThat(health(index)).isEqualTo("red");
    assertThat(elasticsearch.aliasHolders(topic)).as("never promoted").isEmpty();
    // The task gives up its writes to the lost shard at their next answer (Elasticsearch holds
    // each up to a minute), not once its 40 retries have run out.
    TestUtils.waitForCondition(
        () -> connect.connectorStatus(connector).tasks().get(0).state().equals("FAILED"),
        TASK_GIVES_UP.toMillis(),
        () -> "task did not give up: " + connect.connectorStatus(connector).tasks());
    assertThat(connect.connectorStatus(connector).tasks().get(0).trace())
        .contains("Index '" + index + "' lost primary shard(s)")
        .contains("DELETE /connectors/" + connector + "/offsets");

    // The recovery the message spells out: stop, forget the offsets, delete the index, resume.
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    // The failed task has left the consumer group: Connect takes the reset at once (the wait only
    // covers the stop reaching every worker).
    TestUtils.waitForCondition(
        () -> {
          try {
            connect.resetConnectorOffsets(connector);
            return true;
          } catch (ConnectRestException notStoppedYet) {
            return false;
          }
        },
        20_000,
        "Connect did not reset the offsets of the stopped connector");
    elasticsearch.delete("/" + index);
    connect.resumeConnector(connector);

    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(index)),
        CATCH_UP.toMillis(),
        "the rebuilt index was not promoted");
    assertThat(watch.statusesWhileAliased()).containsOnly("green");
    assertThat(connect.connectorStatus(connector).connector().state()).isEqualTo("RUNNING");
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
    assertVerifyMatches(connector);
  }

  private void awaitSomethingCommitted(String connector) throws InterruptedException {
    TestUtils.waitForCondition(
        () ->
            Kafka.committedOffsets(connect, connector).values().stream()
                    .mapToLong(Long::longValue)
                    .sum()
                > 0,
        60_000,
        "nothing committed");
  }

  /** A node other than node 1 (which the tests read through) holding a primary of the index. */
  private ElasticsearchServer nodeWithAPrimaryOf(String index) {
    for (JsonNode shard :
        elasticsearch.get("/_cat/shards/" + index + "?format=json&h=prirep,node,state")) {
      String node = shard.path("node").asText();
      if (shard.path("prirep").asText().equals("p") && !node.equals("node-1")) {
        return cluster.node(Integer.parseInt(node.substring("node-".length())));
      }
    }
    throw new AssertionError("no primary of " + index + " on node-2 or node-3");
  }

  /** The node died while the index was still in its build phase: no replicas, nothing promoted. */
  private void assertStillBuilding(String index) {
    JsonNode owner = elasticsearch.ownership(index);
    assertThat(owner.path("phase").asText()).as("phase when the node died").isEqualTo("BUILDING");
    assertThat(elasticsearch.aliasHolders(index.substring(0, index.length() - 3))).isEmpty();
  }
}
