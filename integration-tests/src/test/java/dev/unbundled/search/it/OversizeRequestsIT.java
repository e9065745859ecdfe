package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SearchStackExtension;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import dev.unbundled.search.localstack.ElasticsearchServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch with a small {@code http.max_content_length}: bulk requests over it are split until
 * they fit, and a document too large on its own is that record's failure, while every other record
 * is indexed.
 */
class OversizeRequestsIT extends SharedStackTest {

  private static ElasticsearchServer server;

  OversizeRequestsIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @BeforeAll
  static void startServerWithASmallRequestLimit() throws Exception {
    server =
        ElasticsearchServer.start(
            Path.of(System.getProperty(SearchStackExtension.ELASTICSEARCH_HOME_PROPERTY)),
            Path.of("target", "elasticsearch-logs", "oversize"),
            "512m",
            new ElasticsearchServer.Setup(
                Map.of("xpack.security.enabled", "false", "http.max_content_length", "100kb"),
                (config, tool) -> {},
                false));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void requestsOverTheLimitAreSplitAndADocumentOverItAloneGoesToTheDeadLetterQueue()
      throws Exception {
    Elasticsearch small = new Elasticsearch(server.url());
    String topic = TestNames.unique("big");
    String dlq = topic + "-dlq";
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(dlq, 1);
    String padding = "x".repeat(2_000);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String value =
          i == 150
              ? "{\"n\":150,\"blob\":\"" + "y".repeat(150_000) + "\"}"
              : "{\"n\":" + i + ",\"text\":\"" + padding + "\"}";
      records.add(new SimpleEntry<>("k" + i, value));
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, records);

    Map<String, String> config = SinkConfigs.jsonSink(topic, small, connect, 1, 1);
    SinkConfigs.withDeadLetterQueue(config, dlq);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    Map<String, Kafka.Produced> expected = new HashMap<>();
    produced.stream().filter(r -> r.offset() != 150).forEach(r -> expected.put(r.key(), r));
    IndexAssertions.assertIndexHolds(small, topic + "-v1", expected);
    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 30_000, dlq);
    assertThat(dead.count()).isEqualTo(1);
    ConsumerRecord<byte[], byte[]> record = dead.iterator().next();
    assertThat(
            new String(
                record.headers().lastHeader("__connect.errors.offset").value(),
                StandardCharsets.UTF_8))
        .isEqualTo("150");
    assertThat(
            new String(
                record.headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8))
        .contains("http.max_content_length");
  }
}
