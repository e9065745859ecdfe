package dev.unbundled.search.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;

/**
 * Records per second from offset zero, for the connector and, in the same run, for Elasticsearch
 * itself fed the same documents as pre-built bulk requests (the bound the connector can approach).
 * Prints figures; asserts only that every document arrived. Run with {@code mvn verify -Pbenchmark}
 * (size: {@code -Dbenchmark.records=200000}).
 */
class ThroughputBenchmark extends SharedStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = Integer.getInteger("benchmark.records", 200_000);

  ThroughputBenchmark(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void connectorAgainstRawBulkBound() throws Exception {
    List<Map.Entry<String, String>> records = generate(RECORDS);
    long bytes = records.stream().mapToLong(r -> r.getValue().length()).sum();
    System.out.printf(
        "%d records, %.0f bytes per value on average%n", RECORDS, (double) bytes / RECORDS);

    double raw = rawBulk(records);
    double connector1 = connector(records, 1);
    double connector2 = connector(records, 2);

    System.out.println("| run | records/s | ratio to raw bulk |");
    System.out.println("|---|---:|---:|");
    System.out.printf("| raw _bulk, 1 sender, ~5 MB requests | %.0f | 1.00 |%n", raw);
    System.out.printf("| connector, 1 task | %.0f | %.2f |%n", connector1, connector1 / raw);
    System.out.printf("| connector, 2 tasks | %.0f | %.2f |%n", connector2, connector2 / raw);
  }

  private double connector(List<Map.Entry<String, String>> records, int tasks) throws Exception {
    String topic = TestNames.unique("bench");
    connect.kafka().createTopic(topic, 4);
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, records);
    long start = System.nanoTime();
    String connector =
        startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, tasks));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(20));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(elasticsearch.count(topic + "-v1")).isEqualTo(records.size());
    deleteConnector(connector);
    elasticsearch.delete("/" + topic + "-v1");
    return records.size() / seconds;
  }

  private double rawBulk(List<Map.Entry<String, String>> records) throws Exception {
    String index = TestNames.unique("raw");
    elasticsearch.put("/" + index, "{}");
    List<byte[]> requests = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long offset = 0;
    for (Map.Entry<String, String> record : records) {
      String action =
          "{\"index\":{\"_index\":\""
              + index
              + "\",\"_id\":\""
              + record.getKey()
              + "\",\"version\":"
              + offset++
              + ",\"version_type\":\"external\"}}\n";
      body.writeBytes(action.getBytes(StandardCharsets.UTF_8));
      body.writeBytes(record.getValue().getBytes(StandardCharsets.UTF_8));
      body.write('\n');
      if (body.size() >= 5 * 1024 * 1024) {
        requests.add(body.toByteArray());
        body.reset();
      }
    }
    if (body.size() > 0) {
      requests.add(body.toByteArray());
    }
    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    for (byte[] request : requests) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(elasticsearch.url() + "/_bulk?filter_path=errors"))
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).contains("\"errors\":false");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(elasticsearch.count(index)).isEqualTo(records.size());
    elasticsearch.delete("/" + index);
    return records.size() / seconds;
  }

  /** Distinct keys; values of about 500 bytes with ten fields of mixed types. */
  private static List<Map.Entry<String, String>> generate(int count) {
    Random random = new Random(42);
    List<Map.Entry<String, String>> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectNode value =
          JSON.createObjectNode()
              .put("id", i)
              .put("sku", "SKU-" + Integer.toHexString(random.nextInt()))
              .put("title", "Product " + i + " " + words(random, 8))
              .put("description", words(random, 30))
              .put("price", Math.round(random.nextDouble() * 100_000) / 100.0)
              .put("stock", random.nextInt(1_000))
              .put("active", random.nextBoolean())
              .put("updated_at", "2026-11-" + (10 + random.nextInt(10)) + "T12:00:00Z");
      value.putObject("category").put("id", random.nextInt(200)).put("name", words(random, 2));
      value.putArray("tags").add(words(random, 1)).add(words(random, 1));
      records.add(new SimpleEntry<>("p" + i, value.toString()));
    }
    return records;
  }

  private static final String[] WORDS = {
    "alpha", "bravo", "cable", "delta", "ember", "frost", "glide", "harbor", "ivory", "jolly",
    "karma", "lunar", "maple", "noble", "orbit", "pearl", "quartz", "river", "solar", "tango"
  };

  private static String words(Random random, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }
}
