package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.offset.CommitNote;
import dev.unbundled.search.connector.snapshot.SnapshotMarks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The life cycle's sweep step against an in-memory engine and Kafka positions given by the test.
 */
class SnapshotSweepsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final FakeElasticsearch elasticsearch = new FakeElasticsearch();
  private final IndexCatalog catalog = new IndexCatalog(elasticsearch);
  private final Map<TopicPartition, CatchUpCheck.Position> positions = new HashMap<>();
  private final Map<TopicPartition, Long> firstAfterEnd = new HashMap<>();

  /** The stamps the sweep was asked to delete before, in order. */
  private final List<Long> sweptBefore = new ArrayList<>();

  private final List<Long> removedReported = new ArrayList<>();

  private final SnapshotSweeps sweeps =
      new SnapshotSweeps(
          "orders-search-v1",
          new PositionSource() {
            @Override
            public Map<TopicPartition, CatchUpCheck.Position> positions() {
              return positions;
            }

            @Override
            public Map<TopicPartition, Long> firstOffsetsAfter(
                long timestamp, Set<TopicPartition> partitions) {
              return firstAfterEnd;
            }
          },
          catalog,
          new StaleDocuments(
              (method, path, body) -> {
                if (path.endsWith("/_search")) {
                  sweptBefore.add(body.path("query").path("range").findValue("lt").asLong());
                  // One stale document, deleted on the first page.
                  return JSON.readTree(
                      sweptBefore.size() % 2 == 1
                          ? "{\"hits\":{\"hits\":[{\"_id\":\"ghost\",\"_seq_no\":1,\"_primary_term\":1}]}}"
                          : "{\"hits\":{\"hits\":[]}}");
                }
                return JSON.createObjectNode();
              },
              (body, length, operations) -> List.of(BulkItemResult.ok())),
          new LifecycleListener() {
            @Override
            public void checked(
                dev.unbundled.search.connector.index.Phase phase, Map<String, Long> behind) {}

            @Override
            public void swept(String topic, long removed) {
              removedReported.add(removed);
            }
          });

  private void at(TopicPartition partition, long committed, long end, SnapshotMarks marks) {
    positions.put(
        partition,
        new CatchUpCheck.Position(0, committed, end, new CommitNote(1, 1, 0).withSnapshots(marks)));
  }

  private void check() throws Exception {
    sweeps.check(catalog.own(new OwnIndexes("orders-search-v1", 1, "*-v1")), positions);
  }

  private JsonNode recorded() {
    return elasticsearch.index("orders-v1").meta().path(SnapshotSweeps.META_KEY);
  }

  @Test
  void aSnapshotIsSweptOnceEveryPartitionIsPastItsEndAndOnlyOnce() throws Exception {
    elasticsearch.createIndex(
        "orders-v1", IndexOwnership.created("orders-search-v1", "orders", 1).toMeta(null));
    // The snapshot began at 1000 (noted in partition 0) and ended at 2000 (partition 1), but
    // partition 0 holds snapshot records up to offset 50 and is committed at 30.
    at(P0, 30, 80, SnapshotMarks.NONE.begun(1_000));
    at(P1, 40, 40, SnapshotMarks.NONE.ended(2_000));
    firstAfterEnd.put(P0, 51L);
    firstAfterEnd.put(P1, -1L);

    check();

    assertThat(sweptBefore).isEmpty();
    assertThat(recorded().path("state").asText()).isEqualTo("waiting");
    assertThat(recorded().path("partitions_behind").toString()).isEqualTo("[0]");

    at(P0, 51, 80, SnapshotMarks.NONE.begun(1_000));
    check();

    assertThat(sweptBefore).first().isEqualTo(1_000L);
    assertThat(recorded().path("state").asText()).isEqualTo("done");
    assertThat(recorded().path("removed").asLong()).isEqualTo(1);
    assertThat(recorded().path("snapshot_began").asLong()).isEqualTo(1_000);
    assertThat(removedReported).containsExactly(1L);

    sweptBefore.clear();
    check();
    assertThat(sweptBefore).as("the same snapshot is not swept twice").isEmpty();
  }

  @Test
  void anotherConnectorsIndexAndATopicWithoutSnapshotsAreLeftAlone() throws Exception {
    elasticsearch.createIndex(
        "orders-v1", IndexOwnership.created("orders-search-v1", "orders", 1).toMeta(null));
    at(P0, 10, 10, SnapshotMarks.NONE);

    check();

    assertThat(sweptBefore).isEmpty();
    assertThat(recorded().isMissingNode()).isTrue();
  }
}
