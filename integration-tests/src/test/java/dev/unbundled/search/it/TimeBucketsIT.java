package dev.unbundled.search.it;

import static dev.unbundled.search.it.harness.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Event topics written into daily time buckets: every event in the bucket of its own time, late or
 * not; one read alias over every bucket of the live version, moved to every bucket of the next in
 * one request under live traffic; a bucket born after promotion readable at once; the retention
 * deleting expired buckets while leaving one somebody else reads.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class TimeBucketsIT extends SharedStackTest {

  private static final String FORMAT = "${topic}-v${version}-${time:yyyy.MM.dd}";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
  private static final Duration CATCH_UP = Duration.ofMinutes(3);

  TimeBucketsIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private Map<String, String> sink(String topic, int version) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, version, 2);
    config.put("key.ignore", "true");
    config.put("index.name.format", FORMAT);
    return config;
  }

  /** A topic whose old records Kafka keeps: its own retention would drop 60-day-old events. */
  private String eventTopic(String name) {
    String topic = TestNames.unique(name);
    connect.kafka().createTopic(topic, 3, 1, Map.of("retention.ms", "-1"));
    return topic;
  }

  private static Kafka.Message event(int n, Instant at) {
    return Kafka.Message.of(null, "{\"page\":\"/p/" + (n % 37) + "\",\"n\":" + n + "}").at(at);
  }

  private static String bucketOf(String topic, int version, Instant at) {
    return topic + "-v" + version + "-" + DAY.format(at);
  }

  /** How many events each bucket of {@code version} should hold. */
  private static Map<String, Long> expectedCounts(
      String topic, int version, List<Kafka.Message> events) {
    return events.stream()
        .collect(
            Collectors.groupingBy(
                e -> bucketOf(topic, version, Instant.ofEpochMilli(e.timestamp())),
                TreeMap::new,
                Collectors.counting()));
  }

  /** Documents per index behind an alias, counted by the engine in one search. */
  private Map<String, Long> countsBehind(String alias) {
    elasticsearch.refresh(alias);
    JsonNode buckets =
        elasticsearch
            .post(
                "/" + alias + "/_search?size=0",
                "{\"aggs\":{\"i\":{\"terms\":{\"field\":\"_index\",\"size\":1000}}}}")
            .path("aggregations")
            .path("i")
            .path("buckets");
    Map<String, Long> counts = new TreeMap<>();
    buckets.forEach(b -> counts.put(b.path("key").asText(), b.path("doc_count").asLong()));
    return counts;
  }

  private void awaitAliasOn(String alias, Set<String> indexes) throws InterruptedException {
    TestUtils.waitForCondition(
        () -> new TreeSet<>(elasticsearch.aliasHolders(alias)).equals(indexes),
        CATCH_UP.toMillis(),
        () ->
            "alias "
                + alias
                + " is on "
                + new TreeSet<>(elasticsearch.aliasHolders(alias))
                + ", not "
                + indexes);
  }

  @Test
  void aRebuildMovesReadersFromEveryBucketToEveryBucketOfTheNewVersionAtOnce() throws Exception {
    String topic = eventTopic("clicks");
    Instant now = Instant.now();
    Random random = new Random(27);
    List<Kafka.Message> events = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      // Sixty days of events, produced out of time order: most arrive late for their bucket.
      events.add(event(i, now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)))));
    }
    List<Kafka.Produced> produced =
        Collections.synchronizedList(
            new ArrayList<>(Kafka.produceMessages(connect, topic, events)));
    List<Kafka.Message> all = Collections.synchronizedList(new ArrayList<>(events));

    // Two tasks: events of one day sit on every partition, so both create the same buckets.
    String v1 = startConnector(sink(topic, 1));
    Kafka.awaitCommitted(connect, v1, Kafka.endOffsets(produced), CATCH_UP);
    Map<String, Long> v1Counts = expectedCounts(topic, 1, events);
    assertThat(v1Counts.size()).isBetween(60, 61);
    awaitAliasOn(topic, v1Counts.keySet());
    assertThat(countsBehind(topic)).isEqualTo(v1Counts);

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
    AtomicLong excess = new AtomicLong();
    List<String> failedReads = Collections.synchronizedList(new ArrayList<>());
    Thread writer =
        new Thread(
            () -> {
              int n = 10_000;
              while (running.get()) {
                List<Kafka.Message> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++, n++) {
                  // Mostly now, some late for an existing day.
                  Instant at =
                      i % 5 == 0
                          ? Instant.now().minus(Duration.ofHours(random.nextInt(24 * 59)))
                          : Instant.now();
                  batch.add(event(n, at));
                }
                // Counted as produced before they exist, so a reader never sees more than this.
                all.addAll(batch);
                produced.addAll(Kafka.produceMessages(connect, topic, batch));
                sleep(200);
              }
            });
    Thread reader =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  long count = elasticsearch.get("/" + topic + "/_count").path("count").asLong();
                  fewest.accumulateAndGet(count, Math::min);
                  // Both versions behind the alias at once would count events twice.
                  excess.accumulateAndGet(count - all.size(), Math::max);
                } catch (RuntimeException e) {
                  failedReads.add(e.getMessage());
                }
                sleep(50);
              }
            });
    writer.start();
    reader.start();

    Map<String, String> v2Config = sink(topic, 2);
    v2Config.put("index.mappings", "{\"properties\": {\"page\": {\"type\": \"keyword\"}}}");
    String v2 = startConnector(v2Config);
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).stream().allMatch(i -> i.contains("-v2-")),
        CATCH_UP.toMillis(),
        () -> "readers still on " + elasticsearch.aliasHolders(topic));
    sleep(1_000);
    running.set(false);
    writer.join();
    reader.join();

    Kafka.awaitCommitted(connect, v1, Kafka.endOffsets(produced), CATCH_UP);
    Kafka.awaitCommitted(connect, v2, Kafka.endOffsets(produced), CATCH_UP);
    Map<String, Long> v2Counts = expectedCounts(topic, 2, all);
    awaitAliasOn(topic, v2Counts.keySet());
    assertThat(countsBehind(topic)).isEqualTo(v2Counts);
    assertThat(elasticsearch.count(topic)).isEqualTo(all.size());
    assertThat(failedReads).isEmpty();
    assertThat(fewest.get()).isGreaterThanOrEqualTo(events.size());
    assertThat(excess.get()).isLessThanOrEqualTo(0);
    for (String bucket : v2Counts.keySet()) {
      assertThat(elasticsearch.mappingProperties(bucket).path("page").path("type").asText())
          .as("mapping of %s", bucket)
          .isEqualTo("keyword");
    }

    // A day nobody wrote yet: version 2 creates its bucket inside the read alias.
    Instant lateDay = now.minus(Duration.ofDays(75));
    String newBucket = bucketOf(topic, 2, lateDay);
    AtomicBoolean watching = new AtomicBoolean(true);
    List<JsonNode> firstSeen = Collections.synchronizedList(new ArrayList<>());
    Thread watcher =
        new Thread(
            () -> {
              while (watching.get() && firstSeen.isEmpty()) {
                try {
                  firstSeen.add(elasticsearch.get("/" + newBucket + "/_alias"));
                } catch (IllegalStateException notYet) {
                  sleep(2);
                }
              }
            });
    watcher.start();
    produced.addAll(Kafka.produceMessages(connect, topic, List.of(event(99_999, lateDay))));
    all.add(event(99_999, lateDay));
    Kafka.awaitCommitted(connect, v2, Kafka.endOffsets(produced), CATCH_UP);
    watching.set(false);
    watcher.join();
    assertThat(firstSeen).as("the new bucket seen").hasSize(1);
    assertThat(firstSeen.get(0).path(newBucket).path("aliases").has(topic))
        .as("the read alias on %s from its first sight: %s", newBucket, firstSeen)
        .isTrue();
    assertThat(elasticsearch.ownership(newBucket).path("phase").asText()).isEqualTo("LIVE");
    assertThat(elasticsearch.count(topic)).isEqualTo(all.size());
    Kafka.awaitCommitted(connect, v1, Kafka.endOffsets(produced), CATCH_UP);
    assertThat(elasticsearch.aliasHolders(topic)).doesNotContain(bucketOf(topic, 1, lateDay));
  }

  @Test
  void theRetentionDeletesExpiredBucketsButOneSomebodyElseReads() throws Exception {
    String topic = eventTopic("audit");
    Instant now = Instant.now();
    List<Kafka.Message> events = new ArrayList<>();
    for (int hours = 0; hours < 30 * 24; hours += 6) {
      events.add(event(hours, now.minus(Duration.ofHours(hours))));
    }
    List<Kafka.Produced> produced = new ArrayList<>(Kafka.produceMessages(connect, topic, events));
    Map<String, String> config = sink(topic, 1);
    config.put("tasks.max", "1");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);
    Map<String, Long> counts = expectedCounts(topic, 1, events);
    awaitAliasOn(topic, counts.keySet());

    // Keep 20 days, so that buckets end before noon 20 days ago go: half a day from any edge.
    Instant cutoff =
        LocalDate.ofInstant(now.minus(Duration.ofDays(20)), ZoneOffset.UTC)
            .atTime(12, 0)
            .toInstant(ZoneOffset.UTC);
    Duration retention = Duration.between(cutoff, now).minus(Duration.ofMinutes(10));
    Set<String> expired =
        counts.keySet().stream()
            .filter(
                bucket ->
                    LocalDate.parse(
                            bucket.substring(bucket.length() - 10),
                            DateTimeFormatter.ofPattern("yyyy.MM.dd"))
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .isBefore(cutoff))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(expired).hasSizeBetween(9, 11);
    String borrowed = expired.iterator().next();
    elasticsearch.post(
        "/_aliases",
        "{\"actions\":[{\"add\":{\"index\":\""
            + borrowed
            + "\",\"alias\":\"archive-"
            + topic
            + "\"}}]}");

    config.put("index.retention.ms", Long.toString(retention.toMillis()));
    connect.configureConnector(connector, config);
    TestUtils.waitForCondition(
        () ->
            expired.stream()
                .filter(bucket -> !bucket.equals(borrowed))
                .noneMatch(elasticsearch::indexExists),
        CATCH_UP.toMillis(),
        () ->
            "expired buckets left: "
                + expired.stream().filter(elasticsearch::indexExists).toList());
    assertThat(elasticsearch.indexExists(borrowed)).isTrue();
    Set<String> kept = new TreeSet<>(counts.keySet());
    kept.removeAll(expired);
    kept.add(borrowed);
    assertThat(new TreeSet<>(elasticsearch.aliasHolders(topic))).isEqualTo(kept);

    // An event older than the retention is dropped, not written; a new one lands.
    Instant tooOld = now.minus(Duration.ofDays(28)).truncatedTo(ChronoUnit.DAYS).plusSeconds(3600);
    produced.addAll(
        Kafka.produceMessages(connect, topic, List.of(event(1, tooOld), event(2, Instant.now()))));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);
    assertThat(elasticsearch.indexExists(bucketOf(topic, 1, tooOld))).isFalse();
    long keptEvents = kept.stream().mapToLong(counts::get).sum();
    assertThat(elasticsearch.count(topic)).isEqualTo(keptEvents + 1);
  }

  @Test
  void aRecordWithoutAUsableTimeGoesToTheDeadLetterQueueNeverToAnotherBucket() throws Exception {
    String topic = eventTopic("orders");
    String dlq = topic + "-dlq";
    connect.kafka().createTopic(dlq, 1);
    List<Kafka.Message> events = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      String day = "2026-11-" + String.format("%02d", 1 + i % 10);
      events.add(
          Kafka.Message.of(null, "{\"n\":" + i + ",\"placed\":{\"at\":\"" + day + "T08:00:00Z\"}}")
              .toPartition(0));
      expected.merge(topic + "-v1-" + day.replace('-', '.'), 1L, Long::sum);
    }
    events.add(
        Kafka.Message.of(null, "{\"n\":30,\"placed\":{\"at\":\"yesterday\"}}").toPartition(0));
    events.add(Kafka.Message.of(null, "{\"n\":31}").toPartition(0));
    List<Kafka.Produced> produced = Kafka.produceMessages(connect, topic, events);

    Map<String, String> config = sink(topic, 1);
    config.put("tasks.max", "1");
    config.put("index.time.field", "placed.at");
    SinkConfigs.withDeadLetterQueue(config, dlq);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);

    awaitAliasOn(topic, expected.keySet());
    assertThat(countsBehind(topic)).isEqualTo(new TreeMap<>(expected));
    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(2, 30_000, dlq);
    Map<Long, String> causes = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      causes.put(
          Long.parseLong(header(record, "__connect.errors.offset")),
          header(record, "__connect.errors.exception.message"));
    }
    assertThat(causes).containsOnlyKeys(30L, 31L);
    assertThat(causes.get(30L)).contains("partition 0 offset 30").contains("'yesterday'");
    assertThat(causes.get(31L)).contains("has no field 'placed.at'");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
