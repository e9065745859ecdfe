package dev.unbundled.search.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.index.IndexLostException;
import dev.unbundled.search.connector.index.ShardsLostException;
import dev.unbundled.search.connector.index.TopicsShareIndexException;
import dev.unbundled.search.connector.offset.CommitNote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
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
  private final SearchSinkTask task =
      new SearchSinkTask(config -> new Backend(elasticsearch, elasticsearch, () -> {}));
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
  void theFirstRecordCreatesTheIndexWithItsWriteAlias() {
    start(Map.of());

    task.put(records(P0, 0, 1));

    assertThat(elasticsearch.index("orders-v1").aliases()).containsExactly("orders-v1.Writer");
    assertThat(elasticsearch.index("orders-v1").meta().path("unbundled_search").path("connector"))
        .hasToString("\"orders-search-v1\"");
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
        .isInstanceOf(ShardsLostException.class);
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
}
