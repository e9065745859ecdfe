package dev.unbundled.search.tool.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.index.TimeBucket;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.offset.CommitNote;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/** Reads where a connector stands, from Connect, Kafka and Elasticsearch (or OpenSearch). */
public final class StatusReader {

  /** From least to most advanced: a connector is as far as its least advanced index. */
  private static final List<Phase> ORDER =
      List.of(Phase.BUILDING, Phase.CAUGHT_UP, Phase.STANDBY, Phase.LIVE);

  private final RateTracker rates;

  StatusReader(RateTracker rates) {
    this.rates = rates;
  }

  ConnectorStatus read(ConnectorSession session) throws Exception {
    SinkConnectorInfo info = session.info();
    Map<TopicPartition, CatchUpCheck.Position> positions = session.positions();
    long now = System.nanoTime();
    List<IndexCatalog.IndexEntry> own = session.ownIndexes();
    Map<String, IndexStats> stats = IndexStats.read(session.es(), own);

    Map<String, List<IndexCatalog.IndexEntry>> indexesByTopic = new TreeMap<>();
    own.forEach(
        index -> indexesByTopic.computeIfAbsent(topicOf(index), t -> new ArrayList<>()).add(index));
    TreeSet<String> topics = new TreeSet<>(indexesByTopic.keySet());
    positions.keySet().forEach(partition -> topics.add(partition.topic()));

    List<ConnectorStatus.TopicStatus> topicStatuses = new ArrayList<>();
    List<String> aliasNames = new ArrayList<>();
    Phase connectorPhase = topics.isEmpty() ? Phase.BUILDING : Phase.LIVE;
    for (String topic : topics) {
      List<IndexCatalog.IndexEntry> indexes = indexesByTopic.getOrDefault(topic, List.of());
      long records = 0;
      long done = 0;
      long behind = 0;
      List<CommitNote> notes = new ArrayList<>();
      for (var entry : positions.entrySet()) {
        if (entry.getKey().topic().equals(topic)) {
          records += entry.getValue().total();
          done += entry.getValue().done();
          behind += entry.getValue().behind();
          if (entry.getValue().note() != null) {
            notes.add(entry.getValue().note());
          }
        }
      }
      Phase phase =
          indexes.stream()
              .map(index -> index.ownership().orElseThrow().phase())
              .min(Comparator.comparingInt(ORDER::indexOf))
              .orElse(Phase.BUILDING);
      if (ORDER.indexOf(phase) < ORDER.indexOf(connectorPhase)) {
        connectorPhase = phase;
      }
      long documents = 0;
      long writes = 0;
      for (IndexCatalog.IndexEntry index : indexes) {
        IndexStats indexStats = stats.getOrDefault(index.name(), IndexStats.NONE);
        documents += indexStats.documents();
        writes += indexStats.writes();
      }
      Double rate = rates.sample(info.name() + "/" + topic, now, writes);
      Long eta =
          behind == 0
              ? Long.valueOf(0)
              : rate == null || rate < 0.5 ? null : (long) (behind / rate);
      topicStatuses.add(
          new ConnectorStatus.TopicStatus(
              topic,
              indexes.stream().map(IndexCatalog.IndexEntry::name).toList(),
              phase.name(),
              documents,
              records,
              done,
              behind,
              records == 0 ? 1.0 : (double) done / records,
              rate,
              eta,
              ConnectorStatus.InFlight.of(notes),
              indexes.stream()
                  .map(index -> ConnectorStatus.Sweep.of(index.name(), index.meta()))
                  .filter(java.util.Objects::nonNull)
                  .reduce((first, later) -> later)
                  .orElse(null),
              ConnectorStatus.Stall.of(notes),
              buckets(indexes, stats)));
      aliasNames.add(session.readAlias(topic));
      session.previewAlias(topic).ifPresent(aliasNames::add);
    }

    Map<String, List<String>> holders = session.catalog().holders(aliasNames);
    List<ConnectorStatus.AliasStatus> aliases = new ArrayList<>();
    for (String topic : topics) {
      String read = session.readAlias(topic);
      aliases.add(new ConnectorStatus.AliasStatus(read, "read", sorted(holders.get(read))));
      session
          .previewAlias(topic)
          .ifPresent(
              preview ->
                  aliases.add(
                      new ConnectorStatus.AliasStatus(
                          preview, "preview", sorted(holders.get(preview)))));
    }
    return new ConnectorStatus(
        info.name(),
        info.state(),
        info.tasks(),
        session.config().indexVersion(),
        connectorPhase.name(),
        session.config().aliasPromotion().name().toLowerCase(java.util.Locale.ROOT),
        session.engine().map(ConnectorStatus.EngineStatus::of).orElse(null),
        topicStatuses,
        aliases.stream().distinct().toList(),
        null,
        info.trace());
  }

  /** What a topic's time buckets hold, or null when its indexes carry no bucket. */
  private static ConnectorStatus.Buckets buckets(
      List<IndexCatalog.IndexEntry> indexes, Map<String, IndexStats> stats) {
    List<TimeBucket> buckets = new ArrayList<>();
    long documents = 0;
    long bytes = 0;
    int building = 0;
    for (IndexCatalog.IndexEntry index : indexes) {
      Optional<TimeBucket> bucket = TimeBucket.fromMeta(index.meta());
      if (bucket.isEmpty()) {
        continue;
      }
      buckets.add(bucket.get());
      IndexStats indexStats = stats.getOrDefault(index.name(), IndexStats.NONE);
      documents += indexStats.documents();
      bytes += indexStats.bytes();
      if (index.owner().phase() == Phase.BUILDING) {
        building++;
      }
    }
    if (buckets.isEmpty()) {
      return null;
    }
    buckets.sort(Comparator.comparing(TimeBucket::start));
    TimeBucket first = buckets.get(0);
    TimeBucket last = buckets.get(buckets.size() - 1);
    return new ConnectorStatus.Buckets(
        buckets.size(),
        first.text(),
        last.text(),
        first.start(),
        last.end(),
        documents,
        bytes,
        building);
  }

  private static String topicOf(IndexCatalog.IndexEntry index) {
    return index.ownership().map(IndexOwnership::topic).orElseThrow();
  }

  private static List<String> sorted(List<String> indexes) {
    return indexes == null ? List.of() : indexes.stream().sorted().toList();
  }

  /** Searchable documents and writes counted so far (primaries), per index. */
  record IndexStats(long documents, long writes, long bytes) {

    static final IndexStats NONE = new IndexStats(0, 0, 0);

    static Map<String, IndexStats> read(
        dev.unbundled.search.connector.client.JsonApi es, List<IndexCatalog.IndexEntry> own)
        throws java.io.IOException {
      Map<String, IndexStats> stats = new TreeMap<>();
      if (own.isEmpty()) {
        return stats;
      }
      String names = String.join(",", own.stream().map(IndexCatalog.IndexEntry::name).toList());
      JsonNode response =
          es.get(
                  "/"
                      + names
                      + "/_stats/docs,indexing,store?ignore_unavailable=true"
                      + "&filter_path=indices.*.primaries")
              .orElse(null);
      if (response == null) {
        return stats;
      }
      response
          .path("indices")
          .fields()
          .forEachRemaining(
              entry -> {
                JsonNode primaries = entry.getValue().path("primaries");
                JsonNode indexing = primaries.path("indexing");
                stats.put(
                    entry.getKey(),
                    new IndexStats(
                        primaries.path("docs").path("count").asLong(),
                        indexing.path("index_total").asLong()
                            + indexing.path("delete_total").asLong(),
                        primaries.path("store").path("size_in_bytes").asLong()));
              });
      return stats;
    }
  }
}
