package dev.unbundled.search.tool.status;

import dev.unbundled.search.connector.client.SearchEngine;
import dev.unbundled.search.connector.offset.CommitNote;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where one connector stands: what {@code status} shows and prints as JSON.
 *
 * @param phase the least advanced phase of its indexes (BUILDING until every topic caught up)
 * @param engine the engine its connection.url reaches, or null when unknown
 * @param error why the rest could not be read (Elasticsearch or Kafka unreachable), or null
 * @param trace why the connector itself failed, summarized; empty unless it did
 */
public record ConnectorStatus(
    String name,
    String state,
    List<SinkConnectorInfo.TaskState> tasks,
    int version,
    String phase,
    String promotion,
    EngineStatus engine,
    List<TopicStatus> topics,
    List<AliasStatus> aliases,
    String error,
    List<String> trace) {

  /**
   * One topic of the connector and its index.
   *
   * @param documents searchable documents (while building, refresh is off: they show up when the
   *     index is refreshed at the end of the build)
   * @param records records in the topic, from the log start to its end
   * @param done records the connector has committed, counted from the log start
   * @param progress done / records, from 0 to 1 (1 for an empty topic)
   * @param recordsPerSecond writes per second Elasticsearch counted on the index lately, or null
   *     before two samples
   * @param etaSeconds estimated seconds to catch up at that rate, or null when unknown
   * @param inFlight the tasks' limits on bulk requests in flight, from their last commits, or null
   *     before any commit said
   * @param sweep where the snapshot sweeps of the topic's indexes stand, or null when none ran
   * @param stall the longest stall of the writes of the topic's tasks, as their last commits noted
   *     it, or null while writes go through
   * @param buckets with time buckets ({@code ${time:...}} in the index name format): what the
   *     topic's buckets hold, or null for one index per topic
   */
  record TopicStatus(
      String topic,
      List<String> indexes,
      String phase,
      long documents,
      long records,
      long done,
      long behind,
      double progress,
      Double recordsPerSecond,
      Long etaSeconds,
      InFlight inFlight,
      Sweep sweep,
      Stall stall,
      Buckets buckets) {}

  /**
   * The time buckets of a topic's version.
   *
   * @param count how many buckets there are
   * @param first the text of the earliest bucket, such as {@code 2026.10.08}
   * @param last the text of the latest bucket
   * @param from when the earliest bucket's range starts
   * @param to when the latest bucket's range ends
   * @param documents searchable documents in all of them
   * @param bytes their primaries' size on disk
   * @param building how many of them are still in their build phase
   */
  record Buckets(
      int count,
      String first,
      String last,
      Instant from,
      Instant to,
      long documents,
      long bytes,
      int building) {

    /** One line: {@code 60 buckets 2026.10.08..2026.12.06, 3 building, 1.2 GB}. */
    String describe() {
      return count
          + (count == 1 ? " bucket " : " buckets ")
          + (first.equals(last) ? first : first + ".." + last)
          + (building == 0 ? "" : ", " + building + " building")
          + String.format(java.util.Locale.ROOT, ", %.1f MB", bytes / 1_048_576.0);
    }
  }

  /**
   * Writes failing since {@code since}, with the latest error, as a task noted it with its last
   * offset commit ({@code CommitNote}): a stall shows at once, long before the task fails at {@code
   * write.stall.timeout.ms}.
   */
  record Stall(Instant since, String error) {

    /** The earliest stall among the notes of a topic's partitions; null when none is stalled. */
    static Stall of(List<CommitNote> notes) {
      return notes.stream()
          .flatMap(note -> note.stall().stream())
          .min(java.util.Comparator.comparing(CommitNote.Stall::since))
          .map(stall -> new Stall(stall.since(), stall.error()))
          .orElse(null);
    }

    /** Such as {@code STALLED 4m12s: 503 unavailable_shards_exception: ...}. */
    String describe(Instant now) {
      long seconds = Math.max(0, Duration.between(since, now).toSeconds());
      return "STALLED " + PlainStatusFormat.eta(seconds) + ": " + error;
    }
  }

  /**
   * The last snapshot sweep ({@code cdc.snapshot.sweep}) of a topic's index, as its {@code _meta}
   * records it.
   *
   * @param state {@code waiting} (a snapshot ended; partitions are not yet committed past it),
   *     {@code sweeping}, {@code done}, or {@code unpaired} (no partition noted where it began: not
   *     swept)
   * @param snapshotEnded when the snapshot's last record was written (epoch milliseconds)
   * @param removed documents the last sweep removed
   * @param totalRemoved documents all sweeps of the index removed
   * @param partitionsBehind while waiting, the partitions not yet committed past the snapshot
   */
  public record Sweep(
      String index,
      String state,
      long snapshotEnded,
      long removed,
      long totalRemoved,
      List<Integer> partitionsBehind) {

    /** The sweep recorded in an index's {@code _meta}, or null. */
    public static Sweep of(String index, com.fasterxml.jackson.databind.JsonNode meta) {
      com.fasterxml.jackson.databind.JsonNode node =
          meta.path(dev.unbundled.search.connector.lifecycle.SnapshotSweeps.META_KEY);
      if (!node.isObject()) {
        return null;
      }
      List<Integer> behind = new java.util.ArrayList<>();
      node.path("partitions_behind").forEach(p -> behind.add(p.asInt()));
      return new Sweep(
          index,
          node.path("state").asText(),
          node.path("snapshot_ended").asLong(),
          node.path("removed").asLong(),
          node.path("total_removed").asLong(),
          behind);
    }

    /** Such as {@code snapshot sweep done: 2,013 removed (2,013 in all)}. */
    public String describe() {
      return switch (state) {
        case "waiting" -> "snapshot sweep waiting for partitions " + partitionsBehind;
        case "sweeping" -> "snapshot sweep in progress";
        case "unpaired" -> "snapshot sweep skipped (snapshot without a recorded beginning)";
        default ->
            String.format(
                java.util.Locale.ROOT,
                "snapshot sweep %s: %,d removed (%,d in all)",
                state,
                removed,
                totalRemoved);
      };
    }
  }

  /**
   * The in-flight limits the tasks writing a topic reported with their last commits.
   *
   * @param lowest the lowest limit among the topic's partitions
   * @param highest the highest
   * @param ceiling {@code max.in.flight.requests}
   * @param changes the most changes of the limit by one task since it started
   */
  record InFlight(int lowest, int highest, int ceiling, long changes) {

    /** Over the notes of a topic's partitions; null when none holds a note. */
    public static InFlight of(List<CommitNote> notes) {
      if (notes.isEmpty()) {
        return null;
      }
      return new InFlight(
          notes.stream().mapToInt(CommitNote::inFlightLimit).min().orElseThrow(),
          notes.stream().mapToInt(CommitNote::inFlightLimit).max().orElseThrow(),
          notes.stream().mapToInt(CommitNote::inFlightCeiling).max().orElseThrow(),
          notes.stream().mapToLong(CommitNote::limitChanges).max().orElseThrow());
    }

    /** Such as {@code 3/4} or {@code 2-4/4}, and the changes. */
    public String describe() {
      return (lowest == highest ? "" + lowest : lowest + "-" + highest)
          + "/"
          + ceiling
          + " ("
          + changes
          + (changes == 1 ? " change)" : " changes)");
    }
  }

  /**
   * The engine a connector writes to.
   *
   * @param name {@code elasticsearch} or {@code opensearch}
   * @param version as the engine reports it
   */
  record EngineStatus(String name, String version) {

    public static EngineStatus of(SearchEngine engine) {
      return new EngineStatus(engine.distribution().id(), engine.version());
    }

    /** Such as {@code OpenSearch 2.19.6}. */
    public String describe() {
      return SearchEngine.Distribution.valueOf(name.toUpperCase(java.util.Locale.ROOT))
              .displayName()
          + " "
          + version;
    }
  }

  /** An alias of the connector's topics and the indexes it points at now. */
  record AliasStatus(String alias, String kind, List<String> indexes) {}

  static ConnectorStatus unreadable(SinkConnectorInfo info, String error) {
    return new ConnectorStatus(
        info.name(),
        info.state(),
        info.tasks(),
        0,
        "UNKNOWN",
        null,
        null,
        List.of(),
        List.of(),
        error,
        info.trace());
  }
}
