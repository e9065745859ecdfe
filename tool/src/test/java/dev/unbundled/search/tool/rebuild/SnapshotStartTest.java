package dev.unbundled.search.tool.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.tool.status.ConnectorStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotStartTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static IndexCatalog.IndexEntry index(
      String name, String connector, String topic, String sweepState, long began) {
    ObjectNode meta = IndexOwnership.created(connector, topic, 1).toMeta(null);
    if (sweepState != null) {
      meta.putObject("snapshot_sweep").put("state", sweepState).put("snapshot_began", began);
    }
    return new IndexCatalog.IndexEntry(name, meta, IndexOwnership.fromMeta(meta));
  }

  @Test
  void aRebuildStartsWhereTheLastSweptSnapshotOfEachTopicBegan() {
    List<String> missing = new ArrayList<>();

    var beginnings =
        SnapshotStart.beginnings(
            "orders-search-v1",
            List.of(
                index("orders-v1", "orders-search-v1", "orders", "done", 1_000),
                index("items-v1", "orders-search-v1", "items", "done", 2_000),
                index("orders-v7", "someone-else", "orders", "done", 9_000)),
            missing);

    assertThat(beginnings).containsEntry("orders", 1_000L).containsEntry("items", 2_000L);
    assertThat(missing).isEmpty();
  }

  @Test
  void aTopicWithoutACompletedSweepIsNamedSoTheRebuildIsRefused() {
    List<String> missing = new ArrayList<>();

    SnapshotStart.beginnings(
        "orders-search-v1",
        List.of(
            index("orders-v1", "orders-search-v1", "orders", "waiting", 1_000),
            index("items-v1", "orders-search-v1", "items", null, 0)),
        missing);

    assertThat(missing).containsExactlyInAnyOrder("orders", "items");
  }

  @Test
  void statusDescribesASweepByItsState() {
    ObjectNode meta = JSON.createObjectNode();
    meta.putObject("snapshot_sweep")
        .put("state", "done")
        .put("removed", 2013)
        .put("total_removed", 2500);
    assertThat(ConnectorStatus.Sweep.of("orders-v1", meta).describe())
        .isEqualTo("snapshot sweep done: 2,013 removed (2,500 in all)");
    meta.putObject("snapshot_sweep").put("state", "waiting").putArray("partitions_behind").add(2);
    assertThat(ConnectorStatus.Sweep.of("orders-v1", meta).describe())
        .isEqualTo("snapshot sweep waiting for partitions [2]");
    assertThat(ConnectorStatus.Sweep.of("orders-v1", JSON.createObjectNode())).isNull();
  }
}
