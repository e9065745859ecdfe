package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.ClusterStackTest;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.TestNames;
import dev.unbundled.search.localstack.ElasticsearchCluster;
import dev.unbundled.search.localstack.ElasticsearchServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Promotion on a real three-node cluster: the index builds with no replicas and refresh off, then
 * gets its replicas back, and the read alias moves only once every copy is assigned (green); a node
 * killed while promotion waits holds it back until the node is back, and it happens once.
 */
@Tag("slow")
class ClusterPromotionIT extends ClusterStackTest {

  ClusterPromotionIT(ElasticsearchCluster cluster, EmbeddedConnectCluster connect) {
    super(cluster, connect);
  }

  /** Waits until the build phase of {@code index} ended: its one replica is asked for again. */
  private void awaitReplicasRestored(String index) throws InterruptedException {
    TestUtils.waitForCondition(
        () ->
            elasticsearch
                .get("/" + index + "/_settings?flat_settings=true")
                .path(index)
                .path("settings")
                .path("index.number_of_replicas")
                .asText()
                .equals("1"),
        60_000,
        "the build phase did not end");
  }

  @Test
  void theReadAliasWaitsForAReplicaHeldBackByAllocationFilteringAndMovesOnceItIsLifted()
      throws Exception {
    String topic = TestNames.unique("green");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(2_000, 5_000, 10, 19));
    String index = topic + "-v1";

    // Every copy of the index may only live on node-1: its primaries are assigned, its replicas
    // (never on the node of their primary) can go nowhere until the rule is lifted.
    Map<String, String> config = clusterSink(topic, 1, 2);
    config.put(
        "index.settings",
        "{\"index\": {\"number_of_shards\": 2, \"number_of_replicas\": 1,"
            + " \"routing.allocation.include._name\": \"node-1\"}}");
    AliasWatch watch = new AliasWatch(topic, index);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    // Caught up: the build phase ends (replicas back to 1), and promotion waits for green.
    awaitReplicasRestored(index);
    Thread.sleep(10_000);
    assertThat(health(index)).as("a replica is held back").isEqualTo("yellow");
    assertThat(elasticsearch.aliasHolders(topic)).as("no alias on a yellow index").isEmpty();
    assertThat(elasticsearch.ownership(index).path("promoted_at").textValue()).isNull();

    elasticsearch.put(
        "/" + index + "/_settings", "{\"index.routing.allocation.include._name\": null}");
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(index)),
        120_000,
        "the alias did not follow once the replicas could be assigned");
    Thread.sleep(1_000);

    assertThat(watch.statusesWhileAliased()).isNotEmpty().containsOnly("green");
    assertThat(elasticsearch.ownership(index).path("phase").asText()).isEqualTo("LIVE");
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
    assertVerifyMatches(connector);
  }

  @Test
  void aNodeKilledBetweenTheSettingsRestoreAndTheAliasMoveHoldsPromotionBackUntilItIsBack()
      throws Exception {
    String topic = TestNames.unique("promoting");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(2_000, 5_000, 10, 23));
    String index = topic + "-v1";

    // Every copy may only live on node-2: the build ends, the replicas are restored and held
    // back, so promotion waits; then node-2, with every primary, is killed.
    Map<String, String> config = clusterSink(topic, 1, 2);
    config.put(
        "index.settings",
        "{\"index\": {\"number_of_shards\": 2, \"number_of_replicas\": 1,"
            + " \"routing.allocation.include._name\": \"node-2\"}}");
    AliasWatch watch = new AliasWatch(topic, index);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));
    awaitReplicasRestored(index);
    assertThat(health(index)).as("replicas held back").isEqualTo("yellow");
    ElasticsearchServer node2 = cluster.node(2);
    node2.kill();
    elasticsearch.put(
        "/" + index + "/_settings", "{\"index.routing.allocation.include._name\": null}");
    Thread.sleep(10_000);
    assertThat(health(index)).as("every primary was on the killed node").isEqualTo("red");
    assertThat(elasticsearch.aliasHolders(topic)).as("no alias on a red index").isEmpty();

    node2.restart();
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(index)),
        180_000,
        "promotion did not follow once the node was back");
    // The promotion is recorded in _meta right after the alias moves.
    TestUtils.waitForCondition(
        () -> elasticsearch.ownership(index).path("promoted_at").isTextual(),
        30_000,
        "the promotion was not recorded");
    String promotedAt = elasticsearch.ownership(index).path("promoted_at").textValue();
    Thread.sleep(3_000);

    assertThat(watch.statusesWhileAliased()).isNotEmpty().containsOnly("green");
    assertThat(elasticsearch.ownership(index).path("promoted_at").textValue())
        .as("promoted once")
        .isEqualTo(promotedAt);
    assertThat(connect.connectorStatus(connector).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
    assertVerifyMatches(connector);
  }
}
