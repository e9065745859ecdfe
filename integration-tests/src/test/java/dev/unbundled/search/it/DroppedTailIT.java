package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A quiet topic whose partitions end with records a transform drops (here every tombstone, as a CDC
 * unwrap that drops the tombstone after a delete does) still counts as caught up: the task commits
 * what the worker consumed, not only what reached it, so a build with {@code
 * alias.promotion.max.lag=0} is promoted without waiting for new writes.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class DroppedTailIT extends SharedStackTest {

  DroppedTailIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void aTopicEndingInDroppedRecordsIsPromotedWithNoLagAllowed() throws Exception {
    String topic = TestNames.unique("quiet");
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Message> messages = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      messages.add(Kafka.Message.of("k" + i, ChangeLog.row(i, "row " + i)).toPartition(i % 2));
    }
    // Each partition ends with a tombstone, which the sink's transform drops.
    messages.add(Kafka.Message.of("k0", null).toPartition(0));
    messages.add(Kafka.Message.of("k1", null).toPartition(1));
    List<Kafka.Produced> produced = Kafka.produceMessages(connect, topic, messages);
    Map<TopicPartition, Long> ends = Kafka.endOffsets(produced);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("alias.promotion.max.lag", "0");
    config.put("transforms", "dropTombstones");
    config.put("transforms.dropTombstones.type", "org.apache.kafka.connect.transforms.Filter");
    config.put("transforms.dropTombstones.predicate", "isTombstone");
    config.put("predicates", "isTombstone");
    config.put(
        "predicates.isTombstone.type",
        "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone");
    String connector = startConnector(config);

    Kafka.awaitCommitted(connect, connector, ends, Duration.ofMinutes(2));
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(topic + "-v1")),
        Duration.ofMinutes(1).toMillis(),
        () -> "no new writes came, and " + topic + " is on " + elasticsearch.aliasHolders(topic));
    assertThat(elasticsearch.count(topic + "-v1")).isEqualTo(40);
  }
}
