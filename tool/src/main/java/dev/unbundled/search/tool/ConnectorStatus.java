package dev.unbundled.search.tool;

import dev.unbundled.search.connector.client.SearchEngine;
import dev.unbundled.search.connector.offset.CommitNote;
import java.util.List;

/**
 * Where one connector stands: what {@code status} shows and prints as JSON.
 *
 * @param phase the least advanced phase of its indexes (BUILDING until every topic caught up)
 * @param engine the engine its connection.url reaches, or null when unknown
 * @param error why the rest could not be read (Elasticsearch or Kafka unreachable), or null
 * @param trace why the connector itself failed, summarized; empty unless it did
 */
record ConnectorStatus(
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
      InFlight inFlight) {}

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
    static InFlight of(List<CommitNote> notes) {
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
    String describe() {
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

    static EngineStatus of(SearchEngine engine) {
      return new EngineStatus(engine.distribution().id(), engine.version());
    }

    /** Such as {@code OpenSearch 2.19.6}. */
    String describe() {
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
