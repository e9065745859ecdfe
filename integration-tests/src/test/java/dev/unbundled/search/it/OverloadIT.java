package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.FaultProxy;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;

/** When Elasticsearch turns bulk requests away as overloaded, the connector waits and retries. */
class OverloadIT extends SharedStackTest {

  OverloadIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void everythingArrivesExactlyOnceThrough429s() throws Exception {
    String topic = TestNames.unique("orders");
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(1_000, 6_000, 6, 99));
    // The first 5 bulk requests, then every second one, are answered 429.
    AtomicInteger bulks = new AtomicInteger();
    try (FaultProxy proxy =
        new FaultProxy(
            URI.create(elasticsearch.url()),
            request -> {
              if (!request.endsWith("/_bulk")) {
                return false;
              }
              int n = bulks.incrementAndGet();
              return n <= 5 || n % 2 == 0;
            },
            429)) {
      Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
      config.put("connection.url", proxy.url());
      config.put("batch.size", "300");
      config.put("retry.backoff.ms", "50");
      config.put("max.retries", "20");
      String connector = startConnector(config);
      Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

      assertThat(proxy.rejected()).isGreaterThanOrEqualTo(5);
      IndexAssertions.assertIndexHolds(
          elasticsearch, topic + "-v1", ChangeLog.latestLiveRecords(produced));
    }
  }
}
