package dev.unbundled.search.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.index.IndexLostException;
import dev.unbundled.search.connector.index.ShardsLostException;
import dev.unbundled.search.connector.index.TopicsShareIndexException;
import dev.unbundled.search.connector.offset.CommitNote;
import dev.unbundled.search.connector.snapshot.SnapshotMarks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task's put, flush and commit cycle against an in-memory Elasticsearch: which offsets it
 * commits, when, and what becomes of records that cannot be written.
 */
class SearchSinkTaskTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final FakeElasticsearch elasticsearch = new FakeElasticsearch();

  /** Kafka's admin API as the task sees it: its group's committed offsets and topic ids. */
  private final MockAdminClient kafka = MockAdminClient.create().numBrokers(1).build();

  private final SearchSinkTask task =
      new SearchSinkTask(
          config -> new Backend(elasticsearch, elasticsearch, () -> {}),
          config -> kafka,
          Duration.ofMillis(200));
  private FakeSinkTaskContext context;

  @AfterEach
  void stop() {
    elasticsearch.releaseBulk();
    task.stop();
  }

  private void start(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "orders-search-v1");
    props.put("topics", "orders");
    props.put("connection.url", "http://127.0.0.1:9");
    props.put("kafka.bootstrap.servers", "127.0.0.1:9");
    props.put("index.version", "1");
    props.put("max.retries", "0");
    props.put("linger.ms", "1");
    props.putAll(overrides);
    context = new FakeSinkTaskContext(props);
    task.initialize(context);
    task.start(props);
  }

  private static SinkRecord record(TopicPartition partition, long offset, Object value) {
    return new SinkRecord(
        partition.topic(),
        partition.partition(),
        null,
        "id-" + partition.partition() + "-" + offset,
        null,
        value,
        offset);
  }

  private static List<SinkRecord> records(TopicPartition partition, long from, long to) {
    List<SinkRecord> records = new ArrayList<>();
    for (long offset = from; offset < to; offset++) {
      records.add(record(partition, offset, Map.of("n", offset)));
    }
    return records;
  }

  /** Commits (as Connect would, every few milliseconds) until the offsets are as expected. */
  private Map<TopicPartition, Long> commitUntil(Map<TopicPartition, Long> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Map<TopicPartition, Long> committed = commit();
    while (!committed.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      committed = commit();
    }
    return committed;
  }

  /** The offsets the task would commit now. */
  private Map<TopicPartition, Long> commit() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    task.preCommit(Map.of())
        .forEach((partition, offset) -> offsets.put(partition, offset.offset()));
    return offsets;
  }

  private static Map<TopicPartition, Long> offsets(TopicPartition p, long offset) {
    return Map.of(p, offset);
  }

  @Test
  void offsetsAreCommittedOnlyOnceElasticsearchHasAcknowledgedTheRecords() throws Exception {
    start(Map.of());
    elasticsearch.holdBulk();

    task.put(records(P0, 0, 5));
    Thread.sleep(50);

    assertThat(commit()).isEmpty();
    elasticsearch.releaseBulk();
    assertThat(commitUntil(offsets(P0, 5))).isEqualTo(offsets(P0, 5));
    assertThat(elasticsearch.index("orders-v1").documents()).hasSize(5).containsKey("id-0-4");
  }

  @Test
  void everyCommitTellsTheStatusToolTheTasksInFlightLimit() throws Exception {
    start(Map.of("max.in.flight.requests", "3"));
    task.put(records(P0, 0, 5));
    commitUntil(offsets(P0, 5));

    OffsetAndMetadata committed = task.preCommit(Map.of()).get(P0);

    assertThat(CommitNote.parse(committed.metadata()))
        .hasValueSatisfying(
            note -> {
              assertThat(note.inFlightCeiling()).isEqualTo(3);
              assertThat(note.inFlightLimit()).isBetween(1, 3);
            });
  }

  @Test
  void aFailureThrownAgainReadsAsItselfEveryTime() throws Exception {
    start(Map.of());
    elasticsearch.failItem(
        "id-0-2", new BulkItemResult(400, "mapper_parsing_exception", "failed to parse"));
    ConnectException first =
        catchThrowableOfType(
            ConnectException.class,
            () -> {
              task.put(records(P0, 0, 5));
              commitUntil(offsets(P0, 5));
            });

    ConnectException again =
        catchThrowableOfType(ConnectException.class, () -> task.preCommit(Map.of()));
    ConnectException third =
        catchThrowableOfType(ConnectException.class, () -> task.preCommit(Map.of()));

    // Connect adds a later failure to the first as suppressed: the same instance would be refused
    // ("Self-suppression not permitted") and hide the cause from the operator.
    assertThat(again).isNotSameAs(first).isNotSameAs(third).hasCause(first);
    assertThat(again.getMessage()).isEqualTo(first.getMessage()).contains("offset 2");
    first.addSuppressed(again);
    assertThat(first.getSuppressed()).containsExactly(again);
  }

  @Test
  void recordsTheWorkersTransformsDroppedAreCommittedPastOnceNothingIsPending() throws Exception {
    start(Map.of());
    task.put(records(P0, 0, 5));
    commitUntil(offsets(P0, 5));

    // Connect consumed up to 8 in partition 0 (a filter dropped 5 to 7) and 3 in partition 1,
    // none of which reached put().
    Map<TopicPartition, OffsetAndMetadata> consumed =
        Map.of(P0, new OffsetAndMetadata(8), P1, new OffsetAndMetadata(3));
    assertThat(task.preCommit(consumed))
        .hasEntrySatisfying(P0, o -> assertThat(o.offset()).isEqualTo(8))
        .hasEntrySatisfying(P1, o -> assertThat(o.offset()).isEqualTo(3));

    elasticsearch.holdBulk();
    task.put(records(P0, 8, 10));
    assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(12))).get(P0).offset())
        .as("records of the partition still in flight")
        .isEqualTo(8);
    elasticsearch.releaseBulk();
  }

  private static SinkRecord snapshotRecord(long offset, long timestamp, String marker) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("__source_snapshot", marker);
    return new SinkRecord(
        P0.topic(),
        P0.partition(),
        null,
        "id-" + offset,
        null,
        Map.of("n", offset),
        offset,
        timestamp,
        TimestampType.CREATE_TIME,
        headers);
  }

  @Test
  void snapshotMarkersAreCommittedWithTheirPartitionsOffsetAndDocumentsCarryTheirStamp()
      throws Exception {
    start(Map.of("cdc.snapshot.sweep", "true"));

    task.put(
        List.of(
            snapshotRecord(0, 1_000, "first"),
            snapshotRecord(1, 1_001, "true"),
            snapshotRecord(2, 1_002, "last")));
    commitUntil(offsets(P0, 3));

    OffsetAndMetadata committed = task.preCommit(Map.of()).get(P0);
    assertThat(CommitNote.parse(committed.metadata()))
        .hasValueSatisfying(
            note ->
                assertThat(note.snapshots()).isEqualTo(new SnapshotMarks(List.of(1_000L), 1_002)));
    FakeElasticsearch.Index index = elasticsearch.index("orders-v1");
    assertThat(index.documents().get("id-1")).contains("\"__search_sink_ts\":1001");
    assertThat(index.mappings().path("properties").path("__search_sink_ts").path("type").asText())
        .isEqualTo("long");
    assertThat(index.mappings().path("_source").path("excludes").toString())
        .contains("__search_sink_ts");
  }

  @Test
  void theFirstRecordCreatesTheIndexWithItsWriteAlias() {
    start(Map.of());

    task.put(records(P0, 0, 1));

    assertThat(elasticsearch.index("orders-v1").aliases()).containsExactly("orders-v1.Writer");
    assertThat(elasticsearch.index("orders-v1").meta().path("unbundled_search").path("connector"))
        .hasToString("\"orders-search-v1\"");
  }

  /** Issue 27: a batch that spans days meets several new time buckets at once. */
  @Test
  void eventsOfSeveralDaysGoToTheBucketsOfTheirDaysCreatedBeforeTheirWrites() throws Exception {
    start(
        Map.of(
            "index.name.format", "${topic}-v${version}-${time:yyyy.MM.dd}",
            "key.ignore", "true",
            "behavior.on.null.values", "ignore"));
    List<SinkRecord> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long day = 20_400 + i % 3;
      events.add(
          new SinkRecord(
              "orders",
              0,
              null,
              null,
              null,
              Map.of("n", i),
              i,
              day * 86_400_000L + i * 60_000L,
              org.apache.kafka.common.record.TimestampType.CREATE_TIME));
    }

    task.put(events);

    assertThat(commitUntil(offsets(P0, 30))).isEqualTo(offsets(P0, 30));
    for (String day : List.of("2025.11.08", "2025.11.09", "2025.11.10")) {
      FakeElasticsearch.Index bucket = elasticsearch.index("orders-v1-" + day);
      assertThat(bucket.documents()).as("events of %s", day).hasSize(10);
      assertThat(bucket.aliases()).contains("orders-v1-" + day + ".Writer");
    }
    assertThat(elasticsearch.requests().stream().filter(r -> r.startsWith("PUT /orders-v1-")))
        .hasSize(3);
  }

  /** An event past the retention is dropped: neither written nor given a bucket. */
  @Test
  void anEventPastTheRetentionGetsNoBucketEvenAmongNewOnes() throws Exception {
    start(
        Map.of(
            "index.name.format", "${topic}-v${version}-${time:yyyy.MM.dd}",
            "key.ignore", "true",
            "behavior.on.null.values", "ignore",
            "index.retention.ms", Long.toString(Duration.ofDays(7).toMillis())));
    java.time.Instant now = java.time.Instant.now();
    List<SinkRecord> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(
          new SinkRecord(
              "orders",
              0,
              null,
              null,
              null,
              Map.of("n", i),
              i,
              now.minus(Duration.ofDays(i == 0 ? 30 : i)).toEpochMilli(),
              org.apache.kafka.common.record.TimestampType.CREATE_TIME));
    }

    task.put(events);

    assertThat(commitUntil(offsets(P0, 3))).isEqualTo(offsets(P0, 3));
    assertThat(elasticsearch.requests().stream().filter(r -> r.startsWith("PUT /orders-v1-")))
        .hasSize(2);
    assertThat(elasticsearch.exists("orders-v1-" + bucketText(now.minus(Duration.ofDays(30)))))
        .isFalse();
  }

  private static String bucketText(java.time.Instant time) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy.MM.dd")
        .withZone(java.time.ZoneOffset.UTC)
        .format(time);
  }

  /**
   * Issue 26: Elasticsearch 9 answers 429 when creating an index times out in the cluster. Issue
   * 25: such trouble is waited out beyond max.retries, without holding the task: the record is
   * kept, the partitions paused, and the index asked for again after the backoff.
   */
  @Test
  void anIndexCreationTheEngineAnswersNotNowIsTriedAgainWithoutHoldingTheTask() throws Exception {
    start(Map.of("max.retries", "1", "retry.backoff.ms", "1"));
    context.assign(Set.of(P0));
    elasticsearch.refuseNext("PUT /orders-v1", 4, 429, "process_cluster_event_timeout_exception");

    task.put(records(P0, 0, 1));
    assertThat(context.paused()).as("kept while the index cannot be created").contains(P0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!context.paused().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
      task.put(List.of());
    }

    assertThat(commitUntil(offsets(P0, 1))).isEqualTo(offsets(P0, 1));
    assertThat(elasticsearch.requests().stream().filter("PUT /orders-v1"::equals)).hasSize(5);
    assertThat(elasticsearch.index("orders-v1").documents()).containsKey("id-0-0");
  }

  @Test
  void anIndexCreationFailingWithServerErrorsBeyondTheRetriesFailsTheTaskWithTheRemedy()
      throws Exception {
    start(Map.of("max.retries", "2", "retry.backoff.ms", "1"));
    elasticsearch.refuseNext("PUT /orders-v1", 3, 500, "null_pointer_exception");

    assertThatThrownBy(
            () -> {
              task.put(records(P0, 0, 1));
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
              while (System.nanoTime() < deadline) {
                Thread.sleep(5);
                task.put(List.of());
              }
            })
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(
            "Cannot create index 'orders-v1' for topic 'orders' partition 0 offset 0 (3 attempts)")
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("raise 'max.retries'");
    assertThat(commit()).as("the kept record is not committed").isEmpty();
  }

  /** Issue 26: Elasticsearch's built-in templates keep logs-*-* names for (logsdb) data streams. */
  @Test
  void anIndexNameADataStreamTemplateKeepsFailsTheTaskAtOnceWithTheRemedy() {
    start(Map.of("topics", "logs-app", "max.retries", "5", "retry.backoff.ms", "1"));
    elasticsearch.refuseNext("PUT /logs-app-v1", 1, 400, "illegal_argument_exception");

    assertThatThrownBy(
            () ->
                task.put(
                    List.of(new SinkRecord("logs-app", 0, null, "k", null, Map.of("n", 1), 0))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("Cannot create index 'logs-app-v1'")
        .hasMessageContaining("its name matches 'logs-*-*'")
        .hasMessageContaining("index.name.format")
        .hasMessageNotContaining("attempts");
    assertThat(elasticsearch.requests()).containsOnlyOnce("PUT /logs-app-v1");
  }

  /** Issue 24: topics.regex brings {@code _orders}, whose index name is {@code orders-v1} too. */
  @Test
  void aSecondTopicWhoseNameFoldsIntoTheIndexFailsTheTaskAndOnlyTheFirstIsCommitted()
      throws Exception {
    start(Map.of("topics.regex", "_?orders", "topics", ""));
    TopicPartition folded = new TopicPartition("_orders", 0);
    task.put(records(P0, 0, 3));
    assertThat(commitUntil(offsets(P0, 3))).isEqualTo(offsets(P0, 3));

    assertThatThrownBy(() -> task.put(records(folded, 0, 3)))
        .isInstanceOf(TopicsShareIndexException.class)
        .hasMessageContaining("'orders' and '_orders'")
        .hasMessageContaining("index 'orders-v1'");
    assertThat(elasticsearch.index("orders-v1").documents()).hasSize(3);
    assertThat(commit()).doesNotContainKey(folded);
  }

  @Test
  void aRecordElasticsearchRejectsGoesToTheDeadLetterQueueAndIsCommittedPast() throws Exception {
    start(Map.of("errors.tolerance", "all"));
    elasticsearch.failItem(
        "id-0-2",
        new BulkItemResult(400, "document_parsing_exception", "failed to parse field [n]"));

    task.put(records(P0, 0, 5));

    assertThat(commitUntil(offsets(P0, 5))).isEqualTo(offsets(P0, 5));
    assertThat(context.deadLetters())
        .singleElement()
        .satisfies(
            reported -> {
              assertThat(reported.record().kafkaOffset()).isEqualTo(2);
              assertThat(reported.error())
                  .hasMessageContaining("topic 'orders' partition 0 offset 2")
                  .hasMessageContaining("document_parsing_exception");
            });
    assertThat(elasticsearch.index("orders-v1").documents()).hasSize(4).doesNotContainKey("id-0-2");
  }

  @Test
  void aRecordThatIsNoDocumentGoesToTheDeadLetterQueueAndIsCommittedPast() throws Exception {
    start(Map.of("errors.tolerance", "all"));

    task.put(List.of(record(P0, 0, Map.of("n", 0)), record(P0, 1, 42), record(P0, 2, Map.of())));

    assertThat(commitUntil(offsets(P0, 3))).isEqualTo(offsets(P0, 3));
    assertThat(context.deadLetters())
        .singleElement()
        .satisfies(reported -> assertThat(reported.record().kafkaOffset()).isEqualTo(1));
  }

  @Test
  void withoutToleranceARejectedRecordFailsTheTaskAndIsNeverCommitted() throws Exception {
    start(Map.of());
    elasticsearch.failItem(
        "id-0-2", new BulkItemResult(400, "mapper_parsing_exception", "failed to parse"));

    // The bulk answer may arrive while put() still runs (linger.ms=1): the failure then surfaces
    // from put() itself, otherwise from the next commit. Either way nothing is committed.
    assertThatThrownBy(
            () -> {
              task.put(records(P0, 0, 5));
              commitUntil(offsets(P0, 5));
            })
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("topic 'orders' partition 0 offset 2")
        .hasMessageContaining("errors.tolerance=all");
    assertThat(context.deadLetters()).isEmpty();
  }

  private static SinkRecord row(long offset, Schema schema, Object stock) {
    return new SinkRecord(
        P0.topic(),
        P0.partition(),
        null,
        "id-" + offset,
        schema,
        new Struct(schema).put("stock", stock),
        offset);
  }

  @Test
  void aSchemaChangeNoMappingCanAbsorbIsThatRecordsFailureWithTheRemedy() throws Exception {
    start(Map.of("errors.tolerance", "all"));
    Schema int32 = SchemaBuilder.struct().name("row").field("stock", Schema.INT32_SCHEMA).build();
    Schema int64 = SchemaBuilder.struct().name("row").field("stock", Schema.INT64_SCHEMA).build();
    Schema text = SchemaBuilder.struct().name("row").field("stock", Schema.STRING_SCHEMA).build();

    task.put(
        List.of(
            row(0, int32, 1),
            row(1, int64, 3_000_000_000L),
            row(2, text, "abc"),
            row(3, int64, 4L)));

    assertThat(commitUntil(offsets(P0, 4))).isEqualTo(offsets(P0, 4));
    assertThat(elasticsearch.index("orders-v1").documents())
        .containsOnlyKeys("id-0", "id-1", "id-3");
    assertThat(context.deadLetters())
        .singleElement()
        .satisfies(
            reported -> {
              assertThat(reported.record().kafkaOffset()).isEqualTo(2);
              assertThat(reported.error())
                  .hasMessageContaining("topic 'orders' partition 0 offset 2")
                  .hasMessageContaining("field 'stock' is mapped as [long]")
                  .hasMessageContaining("the record's schema needs [text]")
                  .hasMessageContaining(
                      "search-sink reindex orders-search-v1 --set index.mappings=@mappings.json");
            });
  }

  @Test
  void withoutToleranceASchemaChangeNoMappingCanAbsorbFailsTheTaskNamingTheRecord() {
    start(Map.of());
    Schema int64 = SchemaBuilder.struct().name("row").field("stock", Schema.INT64_SCHEMA).build();
    Schema text = SchemaBuilder.struct().name("row").field("stock", Schema.STRING_SCHEMA).build();
    task.put(List.of(row(0, int64, 1L)));

    assertThatThrownBy(() -> task.put(List.of(row(1, text, "abc"))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("topic 'orders' partition 0 offset 1")
        .hasMessageContaining("field 'stock' is mapped as [long]")
        .hasMessageContaining("errors.tolerance=all");
  }

  @Test
  void aValueTheMappedTypeCannotHoldIsRejectedWithTheRemedy() throws Exception {
    start(Map.of("errors.tolerance", "all"));
    elasticsearch.failItem(
        "id-0-1",
        new BulkItemResult(
            400,
            "document_parsing_exception",
            "failed to parse field [n] of type [integer] in document with id 'id-0-1'"));

    task.put(records(P0, 0, 2));

    assertThat(commitUntil(offsets(P0, 2))).isEqualTo(offsets(P0, 2));
    assertThat(context.deadLetters())
        .singleElement()
        .satisfies(
            reported ->
                assertThat(reported.error())
                    .hasMessageContaining("topic 'orders' partition 0 offset 1")
                    .hasMessageContaining("failed to parse field [n] of type [integer]")
                    .hasMessageContaining("search-sink reindex orders-search-v1"));
  }

  @Test
  void revokedPartitionsAreNoLongerCommitted() throws Exception {
    start(Map.of());
    elasticsearch.holdBulk();
    List<SinkRecord> records = new ArrayList<>(records(P0, 0, 3));
    records.addAll(records(P1, 10, 13));
    task.put(records);

    task.close(List.of(P1));
    elasticsearch.releaseBulk();

    assertThat(commitUntil(offsets(P0, 3))).isEqualTo(offsets(P0, 3));
    Thread.sleep(50);
    assertThat(commit()).isEqualTo(offsets(P0, 3));
  }

  @Test
  void anIdleTaskAsksForACommitOnlyWhenAcknowledgedOffsetsMoved() throws Exception {
    start(Map.of());
    task.put(records(P0, 0, 2));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (context.commitRequests() == 0 && System.nanoTime() < deadline) {
      task.put(List.of());
      Thread.sleep(5);
    }
    assertThat(context.commitRequests()).isEqualTo(1);

    assertThat(commit()).isEqualTo(offsets(P0, 2));
    task.put(List.of());

    assertThat(context.commitRequests()).isEqualTo(1);
  }

  @Test
  void anIndexDeletedUnderTheTaskStopsItAndLeavesAMarkerInItsPlace() throws Exception {
    start(Map.of());
    task.put(records(P0, 0, 1));
    assertThat(commitUntil(offsets(P0, 1))).isEqualTo(offsets(P0, 1));

    elasticsearch.deleteIndex("orders-v1");
    task.put(records(P0, 1, 2));

    assertThatThrownBy(() -> commitUntil(offsets(P0, 2)))
        .isInstanceOf(IndexLostException.class)
        .hasMessageContaining("DELETE /connectors/orders-search-v1/offsets");
    assertThat(elasticsearch.index("orders-v1").settings().path("index.blocks.write").asBoolean())
        .isTrue();
  }

  @Test
  void writesToAShardRecordedLostFailTheTaskAtTheirFirstAnswerWithTheRecovery() throws Exception {
    // Retries that would outlast the test: the task must not wait for them to run out.
    start(Map.of("max.retries", "10", "retry.backoff.ms", "60000"));
    task.put(records(P0, 0, 1));
    assertThat(commitUntil(offsets(P0, 1))).isEqualTo(offsets(P0, 1));
    FakeElasticsearch.Index index = elasticsearch.index("orders-v1");
    index.losePrimary(0);
    ObjectNode meta = index.meta().deepCopy();
    meta.set(ShardsLostException.META_KEY, ShardsLostException.record(List.of(0), Instant.now()));
    index.setMeta(meta);
    elasticsearch.clearRequests();

    task.put(records(P0, 1, 2));

    assertThatThrownBy(() -> commitUntil(offsets(P0, 2)))
        .isInstanceOf(ShardsLostException.class)
        .hasMessageContaining("Index 'orders-v1' lost primary shard(s) [0]")
        .hasMessageContaining("DELETE /connectors/orders-search-v1/offsets");
    assertThat(elasticsearch.requests()).containsOnlyOnce("POST /_bulk");
    assertThatThrownBy(() -> task.put(records(P0, 2, 3)))
        .as("the task writes no more")
        .isInstanceOf(ConnectException.class)
        .hasCauseInstanceOf(ShardsLostException.class)
        .hasMessageContaining("lost primary shard(s) [0]");
  }

  @Test
  void writesToAShardBrieflyUnavailableAreRetriedUntilItIsBack() throws Exception {
    start(Map.of("max.retries", "1000", "retry.backoff.ms", "1"));
    task.put(records(P0, 0, 1));
    assertThat(commitUntil(offsets(P0, 1))).isEqualTo(offsets(P0, 1));
    FakeElasticsearch.Index index = elasticsearch.index("orders-v1");
    index.losePrimary(0);

    task.put(records(P0, 1, 2));
    Thread.sleep(100);

    assertThat(commit()).isEqualTo(offsets(P0, 1));
    assertThat(elasticsearch.requests())
        .as("checked for a recorded loss")
        .contains("GET /orders-v1/_mapping");
    index.recoverPrimary(0);
    assertThat(commitUntil(offsets(P0, 2))).isEqualTo(offsets(P0, 2));
    assertThat(index.documents()).containsKey("id-0-1");
  }

  // Issue #25: transient trouble never needs an operator.

  @Test
  void anUnreachableClusterIsWaitedOutWhateverMaxRetriesAndNothingIsCommittedMeanwhile()
      throws Exception {
    start(Map.of("retry.backoff.ms", "1"));
    task.put(records(P0, 0, 1));
    assertThat(commitUntil(offsets(P0, 1))).isEqualTo(offsets(P0, 1));
    elasticsearch.failRequests(request -> request.equals("POST /_bulk"));

    task.put(records(P0, 1, 3));
    Thread.sleep(300);

    assertThat(commit()).isEqualTo(offsets(P0, 1));
    assertThat(context.timeoutMs()).as("Connect calls again soon while stalled").isPositive();
    assertThat(CommitNote.parse(task.preCommit(Map.of()).get(P0).metadata()))
        .as("the stall goes to the status tool with the commit")
        .hasValueSatisfying(
            note ->
                assertThat(note.stall())
                    .hasValueSatisfying(
                        stall ->
                            assertThat(stall.error()).startsWith("IOException: test failure")));
    elasticsearch.failRequests(request -> false);
    assertThat(commitUntil(offsets(P0, 3))).isEqualTo(offsets(P0, 3));
  }

  @Test
  void noWriteAcknowledgedForTheStallTimeoutFailsTheTaskWithTheLastError() throws Exception {
    start(Map.of("retry.backoff.ms", "1", "write.stall.timeout.ms", "300"));
    elasticsearch.failRequests(request -> request.equals("POST /_bulk"));
    task.put(records(P0, 0, 2));

    assertThatThrownBy(
            () -> {
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
              while (System.nanoTime() < deadline) {
                task.put(List.of());
                Thread.sleep(20);
              }
            })
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("No write acknowledged by the search engine for")
        .hasMessageContaining("'write.stall.timeout.ms'=300")
        .hasMessageContaining("Last error: IOException (test failure)")
        .hasMessageContaining("raise 'write.stall.timeout.ms' (-1 waits forever)");
    assertThatThrownBy(this::commit)
        .as("the task writes no more")
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void putNeverWaitsLongForRoomItPausesItsPartitionsAndResumesOnceAllIsWritten() throws Exception {
    start(
        Map.of(
            "max.in.flight.requests", "1",
            "adaptive.concurrency", "false",
            "batch.size", "1",
            "retry.backoff.ms", "1"));
    context.assign(Set.of(P0, P1));
    elasticsearch.failRequests(request -> request.equals("POST /_bulk"));

    long started = System.nanoTime();
    task.put(records(P0, 0, 5));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(context.paused()).containsExactlyInAnyOrder(P0, P1);
    assertThat(commit()).as("the records kept are not committed").isEmpty();
    elasticsearch.failRequests(request -> false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!context.paused().isEmpty() && System.nanoTime() < deadline) {
      task.put(List.of());
    }
    assertThat(context.paused()).isEmpty();
    assertThat(commitUntil(offsets(P0, 5))).isEqualTo(offsets(P0, 5));
  }

  /**
   * Connect keeps a partition the task paused paused when a rebalance takes it away and gives it
   * back (eager rebalancing: every partition revoked, then assigned again): the task must resume
   * it, though the records it kept for it were dropped with the revocation.
   */
  @Test
  void partitionsPausedForRoomAreResumedWhenARebalanceGivesThemBack() throws Exception {
    start(
        Map.of(
            "max.in.flight.requests", "1",
            "adaptive.concurrency", "false",
            "batch.size", "1",
            "retry.backoff.ms", "1",
            "document.version", "none"));
    context.assign(Set.of(P0, P1));
    task.open(Set.of(P0, P1));
    elasticsearch.failRequests(request -> request.equals("POST /_bulk"));
    task.put(records(P0, 0, 5));
    assertThat(context.paused()).containsExactlyInAnyOrder(P0, P1);

    elasticsearch.failRequests(request -> false);
    task.close(Set.of(P0, P1));
    task.open(Set.of(P0, P1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!context.paused().isEmpty() && System.nanoTime() < deadline) {
      task.put(List.of());
    }

    assertThat(context.paused()).as("still paused by Connect after the rebalance").isEmpty();
  }

  /**
   * Whatever left a partition paused (a pause the task no longer remembers, Connect pausing it
   * again after a rebalance), a task that keeps no records reads every partition it owns: a
   * partition left paused would stop the task without a word.
   */
  @Test
  void aTaskThatKeepsNothingReadsEveryPartitionItOwnsWhateverPausedThem() {
    start(Map.of("document.version", "none"));
    context.assign(Set.of(P0, P1));
    task.open(Set.of(P0, P1));
    context.pause(P1);

    task.put(List.of());

    assertThat(context.paused()).isEmpty();
  }

  /**
   * A partition given to the task is read at once: the task keeps nothing for it, even when it was
   * paused before a rebalance took it away.
   */
  @Test
  void aPartitionGivenToTheTaskIsReadAtOnce() {
    start(Map.of("document.version", "none"));
    context.assign(Set.of(P0, P1));
    context.pause(P0, P1);

    task.open(Set.of(P0, P1));

    assertThat(context.paused()).isEmpty();
  }

  /**
   * With offset versions, a record below what the group committed (a topic re-created, a leader
   * that lost records) would be turned down as stale by the engine, silently: the task reads its
   * group's committed offsets through the admin client it was given when it gets partitions, and
   * fails before the record is tracked.
   */
  @Test
  void aRecordBelowTheGroupsCommittedOffsetFailsTheTaskUnderOffsetVersions() throws Exception {
    kafka.updateConsumerGroupOffsets(Map.of(P0, 100L));
    start(Map.of("document.version", "offset"));
    context.assign(Set.of(P0));
    task.open(Set.of(P0));

    assertThatThrownBy(() -> task.put(records(P0, 50, 51)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("topic 'orders' partition 0 went backwards")
        .hasMessageContaining("the committed offset is 100");
    assertThat(commit()).as("nothing of the rewound record committed").isEmpty();
  }

  /**
   * Connect skips close() for partitions it had no offsets to commit for: a task given partitions
   * again must drop what it still keeps and tracks for them, and for partitions it lost meanwhile,
   * so that it neither waits on stale records nor reports offsets for partitions it does not own.
   */
  @Test
  void partitionsTakenWithoutCloseAreForgottenWhenTheTaskIsGivenPartitionsAgain() throws Exception {
    start(
        Map.of(
            "max.in.flight.requests", "1",
            "adaptive.concurrency", "false",
            "batch.size", "1",
            "retry.backoff.ms", "1",
            "document.version", "none"));
    context.assign(Set.of(P0, P1));
    task.open(Set.of(P0, P1));
    elasticsearch.failRequests(request -> request.equals("POST /_bulk"));
    List<SinkRecord> both = new ArrayList<>(records(P1, 0, 3));
    both.addAll(records(P0, 0, 3));
    task.put(both);
    assertThat(context.paused()).containsExactlyInAnyOrder(P0, P1);

    context.assign(Set.of(P0));
    task.open(Set.of(P0));
    elasticsearch.failRequests(request -> false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!context.paused().isEmpty() && System.nanoTime() < deadline) {
      task.put(List.of());
    }

    assertThat(context.paused()).as("nothing stale kept: partitions resumed").isEmpty();
    assertThat(commit()).as("no offsets of a partition the task lost").doesNotContainKey(P1);
  }

  @Test
  void refusedCredentialsFailTheTaskAtOnceNamingTheSettings() throws Exception {
    start(Map.of("retry.backoff.ms", "1"));
    elasticsearch.failRequests(request -> false);
    BulkItemResult forbidden =
        new BulkItemResult(
            403, "security_exception", "action [indices:data/write/bulk[s]] is unauthorized");
    elasticsearch.failItem("id-0-0", forbidden);
    task.put(records(P0, 0, 1));

    assertThatThrownBy(() -> commitUntil(offsets(P0, 1)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("security_exception")
        .hasMessageContaining("grant it the cluster privilege 'monitor'");
  }
}
