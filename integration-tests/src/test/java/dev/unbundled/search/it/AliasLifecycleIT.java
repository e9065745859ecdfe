package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rebuilding an index next to the live one and moving readers over by alias: never a gap, never a
 * building index behind an alias, only forward, and a rollback made by hand stays.
 */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
class AliasLifecycleIT extends SharedStackTest {

  private static final Duration CATCH_UP = Duration.ofMinutes(3);

  AliasLifecycleIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private Map<String, String> sink(String topic, int version) {
    return SinkConfigs.jsonSink(topic, elasticsearch, connect, version, 2);
  }

  private void awaitAlias(String alias, String index) throws InterruptedException {
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(alias).equals(List.of(index)),
        CATCH_UP.toMillis(),
        () -> "alias " + alias + " is on " + elasticsearch.aliasHolders(alias) + ", not " + index);
  }

  /** Waits several life-cycle checks (every 500 ms in these tests). */
  private static void severalChecks() throws InterruptedException {
    Thread.sleep(3_000);
  }

  @Test
  void aFreshBuildGetsTheAliasOnlyOnceCaughtUpAndWithServingSettings() throws Exception {
    String topic = TestNames.unique("catalog");
    connect.kafka().createTopic(topic, 3);
    List<Map.Entry<String, String>> rows = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      rows.add(new SimpleEntry<>("p" + i, ChangeLog.row(i, "new")));
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, rows);

    AtomicBoolean reading = new AtomicBoolean(true);
    List<Long> countsSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              while (reading.get()) {
                if (!elasticsearch.aliasHolders(topic).isEmpty()) {
                  countsSeen.add(elasticsearch.get("/" + topic + "/_count").path("count").asLong());
                }
                sleep(100);
              }
            });
    reader.start();
    Map<String, String> config = sink(topic, 1);
    config.put("index.settings", "{\"index\": {\"refresh_interval\": \"2s\"}}");
    String connector = startConnector(config);
    String index = topic + "-v1";
    awaitAlias(topic, index);
    Thread.sleep(1_000);
    reading.set(false);
    reader.join();

    assertThat(countsSeen).isNotEmpty().allMatch(count -> count == 50_000L);
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
    JsonNode settings =
        elasticsearch
            .get("/" + index + "/_settings?flat_settings=true&include_defaults=true")
            .path(index);
    assertThat(settings.path("settings").path("index.refresh_interval").asText()).isEqualTo("2s");
    assertThat(settings.path("settings").path("index.number_of_replicas").asText("1"))
        .isEqualTo(settings.path("defaults").path("index.number_of_replicas").asText("1"));
    assertThat(elasticsearch.ownership(index).path("phase").asText()).isEqualTo("LIVE");
    assertThat(elasticsearch.ownership(index).path("connector").asText()).isEqualTo(connector);
    assertThat(phaseInJmx(connector)).isEqualTo("LIVE");
  }

  /** The worker runs in this JVM, so its JMX beans are in the platform server. */
  private static Object phaseInJmx(String connector) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names =
        server.queryNames(
            new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null);
    assertThat(names).as("plugin metric beans of %s", connector).isNotEmpty();
    for (ObjectName name : names) {
      try {
        return server.getAttribute(name, "index-phase");
      } catch (javax.management.AttributeNotFoundException notThisBean) {
        // Another plugin metric bean of the same connector.
      }
    }
    throw new AssertionError("No index-phase attribute on " + names);
  }

  @Test
  @Tag(Engine.TAG_OPENSEARCH_3)
  void reindexUnderLoadMovesReadersAtomicallyAndOnlyForward() throws Exception {
    String topic = TestNames.unique("products");
    connect.kafka().createTopic(topic, 3);
    // Keys k0..k999 are never deleted: readers must always see at least 1,000 documents.
    List<Map.Entry<String, String>> initial = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      initial.add(new SimpleEntry<>("k" + i, ChangeLog.row(i, "initial")));
    }
    List<Kafka.Produced> produced = new ArrayList<>(Kafka.produce(connect, topic, initial));
    String v1 = startConnector(sink(topic, 1));
    awaitAlias(topic, topic + "-v1");

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failedQueries = new AtomicInteger();
    AtomicLong minimumCount = new AtomicLong(Long.MAX_VALUE);
    Thread reader =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  long count = elasticsearch.get("/" + topic + "/_count").path("count").asLong();
                  minimumCount.accumulateAndGet(count, Math::min);
                } catch (RuntimeException e) {
                  failedQueries.incrementAndGet();
                }
                sleep(50);
              }
            });
    List<Kafka.Produced> live = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread writer =
        new Thread(
            () -> {
              int round = 0;
              while (running.get()) {
                List<Map.Entry<String, String>> changes = new ArrayList<>();
                for (Map.Entry<String, String> change : ChangeLog.random(2_000, 500, 3, round++)) {
                  boolean protectedKey = Integer.parseInt(change.getKey().substring(1)) < 1_000;
                  changes.add(
                      protectedKey && change.getValue() == null
                          ? new SimpleEntry<>(change.getKey(), ChangeLog.row(0, "kept"))
                          : change);
                }
                live.addAll(Kafka.produce(connect, topic, changes));
                sleep(200);
              }
            });
    reader.start();
    writer.start();

    Map<String, String> v2Config = sink(topic, 2);
    v2Config.put(
        "index.mappings",
        "{\"properties\": {\"status\": {\"type\": \"keyword\"}, \"amount\": {\"type\": \"double\"}}}");
    String v2 = startConnector(v2Config);
    awaitAlias(topic, topic + "-v2");
    Thread.sleep(2_000);
    running.set(false);
    writer.join();
    reader.join();
    produced.addAll(live);

    Kafka.awaitCommitted(connect, v1, Kafka.endOffsets(produced), CATCH_UP);
    Kafka.awaitCommitted(connect, v2, Kafka.endOffsets(produced), CATCH_UP);
    Map<String, Kafka.Produced> expected = ChangeLog.latestLiveRecords(produced);
    IndexAssertions.assertIndexHolds(elasticsearch, topic + "-v1", expected);
    IndexAssertions.assertIndexHolds(elasticsearch, topic + "-v2", expected);
    assertThat(failedQueries.get()).isZero();
    assertThat(minimumCount.get()).isGreaterThanOrEqualTo(1_000);
    assertThat(
            elasticsearch
                .get("/" + topic + "-v2/_mapping")
                .path(topic + "-v2")
                .path("mappings")
                .path("properties")
                .path("status")
                .path("type")
                .asText())
        .isEqualTo("keyword");

    // Restarting v1 does not take the alias back.
    connect.restartConnectorAndTasks(v1, false, true, false);
    severalChecks();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");
    assertThat(elasticsearch.ownership(topic + "-v1").path("phase").asText()).isEqualTo("STANDBY");

    // A rollback by hand survives restarts of both connectors.
    elasticsearch.moveAlias(topic, topic + "-v2", topic + "-v1");
    connect.restartConnectorAndTasks(v1, false, true, false);
    connect.restartConnectorAndTasks(v2, false, true, false);
    severalChecks();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");
  }

  @Test
  void manualPromotionMovesOnlyThePreviewAlias() throws Exception {
    String topic = TestNames.unique("manual");
    connect.kafka().createTopic(topic, 2);
    Kafka.produce(connect, topic, ChangeLog.random(300, 1_000, 5, 3));
    startConnector(sink(topic, 1));
    awaitAlias(topic, topic + "-v1");

    Map<String, String> v2Config = sink(topic, 2);
    v2Config.put("alias.promotion", "manual");
    v2Config.put("alias.preview.name.format", "${topic}-preview");
    startConnector(v2Config);
    awaitAlias(topic + "-preview", topic + "-v2");
    severalChecks();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");
    assertThat(elasticsearch.ownership(topic + "-v2").path("phase").asText()).isEqualTo("STANDBY");

    elasticsearch.moveAlias(topic, topic + "-v1", topic + "-v2");
    severalChecks();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");
    assertThat(elasticsearch.aliasHolders(topic + "-preview")).containsExactly(topic + "-v2");
    assertThat(elasticsearch.ownership(topic + "-v2").path("phase").asText()).isEqualTo("LIVE");
  }

  @Test
  void twoConnectorsPromotingAtOnceLeaveTheAliasOnTheHigherVersion() throws Exception {
    String topic = TestNames.unique("race");
    connect.kafka().createTopic(topic, 2);
    Kafka.produce(connect, topic, ChangeLog.random(500, 2_000, 5, 8));
    String v2 = TestNames.unique("sink");
    String v3 = TestNames.unique("sink");
    Thread other = new Thread(() -> connect.configureConnector(v3, sink(topic, 3)));
    other.start();
    connect.configureConnector(v2, sink(topic, 2));
    other.join();
    try {
      awaitAlias(topic, topic + "-v3");
      severalChecks();
      assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v3");
      assertThat(elasticsearch.ownership(topic + "-v2").path("phase").asText())
          .isEqualTo("STANDBY");
    } finally {
      deleteConnectorQuietly(v2);
      deleteConnectorQuietly(v3);
    }
  }

  private void deleteConnectorQuietly(String name) {
    try {
      connect.deleteConnector(name);
    } catch (RuntimeException e) {
      // Already gone.
    }
  }

  @Test
  void aTransactionalTopicCountsAsCaughtUpDespiteItsMarkers() throws Exception {
    String topic = TestNames.unique("txn");
    connect.kafka().createTopic(topic, 2);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      for (int t = 0; t < 5; t++) {
        producer.beginTransaction();
        for (int i = 0; i < 20; i++) {
          producer.send(
              new ProducerRecord<>(topic, "k" + (t * 20 + i), ChangeLog.row(i, "tx" + t)));
        }
        producer.commitTransaction();
      }
    }
    // Commit markers take offsets too: the partitions end past their last records.
    long ends =
        connect.kafka().endOffset(new TopicPartition(topic, 0))
            + connect.kafka().endOffset(new TopicPartition(topic, 1));
    assertThat(ends).isGreaterThan(100);
    startConnector(sink(topic, 1));

    awaitAlias(topic, topic + "-v1");
    assertThat(elasticsearch.count(topic + "-v1")).isEqualTo(100);
  }

  @Test
  void anIndexOwnedByAnotherConnectorIsRefused() throws Exception {
    String topic = TestNames.unique("owned");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(10, 20, 100, 5));
    String owner = startConnector(sink(topic, 1));
    awaitAlias(topic, topic + "-v1");

    Map<String, String> intruderConfig = sink(topic, 1);
    intruderConfig.put("tasks.max", "1");
    String intruder = createConnector(intruderConfig);
    connect
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(intruder, 1, "intruder did not fail");
    assertThat(connect.connectorStatus(intruder).tasks())
        .singleElement()
        .satisfies(
            task ->
                assertThat(task.trace())
                    .contains("Index '" + topic + "-v1' belongs to connector '" + owner + "'")
                    .contains(
                        "connector '"
                            + intruder
                            + "' will not write topic '"
                            + topic
                            + "' into it"));
    assertThat(elasticsearch.ownership(topic + "-v1").path("connector").asText()).isEqualTo(owner);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
