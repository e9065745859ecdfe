package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.IndexSettings;
import dev.unbundled.search.connector.index.NameFormat;
import dev.unbundled.search.connector.index.Phase;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's side of the index life cycle, run periodically: finds whether the connector has
 * caught up with its topics, then ends the build phase of its indexes, moves the preview alias, and
 * (with automatic promotion) the read aliases, and records each index's phase in its {@code _meta}.
 *
 * <p>Nothing here is remembered between runs: every decision is made from what Kafka and
 * Elasticsearch say now, so restarts, several workers and operators' own alias moves are safe.
 */
public final class IndexLifecycle implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(IndexLifecycle.class);

  /** What the life cycle needs from the connector's configuration. */
  public record Settings(
      String connector,
      int version,
      NameFormat readAlias,
      Optional<NameFormat> previewAlias,
      boolean autoPromotion,
      long maxLag,
      IndexSettings indexSettings) {}

  private final Settings settings;
  private final CatchUpCheck catchUp;
  private final JsonRequests es;
  private final IndexCatalog catalog;
  private final AliasMover aliases;
  private final LifecycleListener listener;
  private final RewoundTopics rewound = new RewoundTopics();
  private volatile Phase phase;
  private Map<TopicPartition, Long> previousEnds = Map.of();
  private Map<String, Long> recordsBehind = Map.of();

  public IndexLifecycle(
      Settings settings, CatchUpCheck catchUp, JsonRequests es, LifecycleListener listener) {
    this.settings = settings;
    this.listener = listener;
    this.catchUp = catchUp;
    this.es = es;
    this.catalog = new IndexCatalog(es);
    this.aliases = new AliasMover(es, catalog);
  }

  /** The phase of the connector's indexes, as of the last check; null before the first. */
  public Phase phase() {
    return phase;
  }

  @Override
  public void run() {
    try {
      check();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (Thread.currentThread().isInterrupted()) {
        // The connector is stopping: clients report the interruption wrapped in other exceptions
        // (Elasticsearch's REST client as a RuntimeException), which is no failure to warn about.
        log.debug("Connector {}: index life-cycle check stopped: {}", settings.connector(), e);
        return;
      }
      log.warn(
          "Connector {}: index life-cycle check failed, will retry: {}",
          settings.connector(),
          e.toString());
    }
  }

  void check() throws Exception {
    Map<TopicPartition, CatchUpCheck.Position> positions = catchUp.positions();
    Map<String, Long> behindByTopic = new HashMap<>();
    positions.forEach(
        (partition, position) ->
            behindByTopic.merge(partition.topic(), position.behind(), Long::sum));
    recordsBehind = behindByTopic;
    if (!rewound.check(positions, catchUp::highWatermarks).isEmpty()) {
      // Committed past the end: the topic went backwards, and "caught up" would be a lie.
      report(Phase.BUILDING, "offsets went backwards");
      return;
    }
    boolean caughtUp = caughtUp(positions, previousEnds);
    previousEnds = new HashMap<>();
    positions.forEach((partition, position) -> previousEnds.put(partition, position.end()));
    if (!caughtUp) {
      long behind =
          positions.values().stream().mapToLong(CatchUpCheck.Position::behind).max().orElse(0);
      report(Phase.BUILDING, "up to " + behind + " records behind");
      return;
    }
    Map<String, IndexCatalog.IndexEntry> indexes = catalog.indexes();
    List<IndexCatalog.IndexEntry> own = ownIndexes(indexes);
    if (own.isEmpty()) {
      report(Phase.CAUGHT_UP, "caught up, no index written yet");
      return;
    }
    for (IndexCatalog.IndexEntry index : own) {
      IndexOwnership owner = index.ownership().orElseThrow();
      if (owner.buildTuned() || owner.phase() == Phase.BUILDING) {
        endBuildPhase(index);
      }
    }
    if (settings.previewAlias().isPresent()) {
      indexes = catalog.indexes();
      moveOnce(
          ownIndexes(indexes),
          settings.previewAlias().get(),
          IndexOwnership::previewedAt,
          o -> o.previewed(Instant.now()),
          indexes);
    }
    if (settings.autoPromotion()) {
      indexes = catalog.indexes();
      moveOnce(
          ownIndexes(indexes),
          settings.readAlias(),
          IndexOwnership::promotedAt,
          o -> o.promoted(Instant.now()),
          indexes);
    }
    recordPhases(ownIndexes(catalog.indexes()));
  }

  /**
   * Caught up: in every partition, at most {@code alias.promotion.max.lag} records behind the end,
   * or past the end the partition had at the previous check. The second way lets a connector count
   * as caught up while writes keep arriving: everything that existed a check ago is in the index,
   * which is all a live index can promise too.
   */
  boolean caughtUp(
      Map<TopicPartition, CatchUpCheck.Position> positions, Map<TopicPartition, Long> previous) {
    for (Map.Entry<TopicPartition, CatchUpCheck.Position> entry : positions.entrySet()) {
      CatchUpCheck.Position position = entry.getValue();
      Long previousEnd = previous.get(entry.getKey());
      boolean close = position.behind() <= settings.maxLag();
      boolean pastPreviousEnd = previousEnd != null && position.committed() >= previousEnd;
      if (!close && !pastPreviousEnd) {
        return false;
      }
    }
    return true;
  }

  private List<IndexCatalog.IndexEntry> ownIndexes(Map<String, IndexCatalog.IndexEntry> indexes) {
    return indexes.values().stream()
        .filter(
            index ->
                index
                    .ownership()
                    .filter(o -> o.connector().equals(settings.connector()))
                    .filter(o -> o.version() == settings.version())
                    .isPresent())
        .toList();
  }

  /**
   * Ends the build phase of an index that has caught up: restores its serving settings, refreshes
   * it, and waits until it is healthy, before any alias may point at it.
   */
  private void endBuildPhase(IndexCatalog.IndexEntry index) throws IOException {
    IndexOwnership owner = index.ownership().orElseThrow();
    if (owner.buildTuned()) {
      es.send("PUT", "/" + index.name() + "/_settings", settings.indexSettings().forServing());
      log.info("Index {} caught up: restored refresh interval and replicas", index.name());
    }
    es.send("POST", "/" + index.name() + "/_refresh", null);
    JsonNode health =
        es.send(
            "GET",
            "/_cluster/health/"
                + index.name()
                + "?wait_for_status=yellow&wait_for_no_initializing_shards=true&timeout=30s",
            null);
    if (health.path("timed_out").asBoolean(false)) {
      throw new IOException("Index " + index.name() + " is not healthy yet: " + health);
    }
    Phase next = owner.phase() == Phase.BUILDING ? Phase.CAUGHT_UP : owner.phase();
    catalog.record(index, owner.tuningRestored().withPhase(next));
  }

  /**
   * Moves an alias (read or preview) of each index that has not had it yet, all in one request, and
   * records that it did.
   */
  private void moveOnce(
      List<IndexCatalog.IndexEntry> own,
      NameFormat aliasFormat,
      Function<IndexOwnership, Instant> doneAt,
      UnaryOperator<IndexOwnership> markDone,
      Map<String, IndexCatalog.IndexEntry> indexes)
      throws IOException {
    List<AliasMover.Move> moves = new ArrayList<>();
    for (IndexCatalog.IndexEntry index : own) {
      IndexOwnership owner = index.ownership().orElseThrow();
      if (doneAt.apply(owner) == null) {
        moves.add(
            new AliasMover.Move(aliasFormat.nameFor(owner.topic()), index.name(), owner.version()));
      }
    }
    if (moves.isEmpty()) {
      return;
    }
    List<AliasMover.Move> done = aliases.moveForward(moves, indexes);
    Map<String, IndexCatalog.IndexEntry> fresh = catalog.indexes();
    for (AliasMover.Move move : done) {
      IndexCatalog.IndexEntry index = fresh.get(move.index());
      catalog.record(index, markDone.apply(index.ownership().orElseThrow()));
    }
  }

  /** LIVE where the index holds its read alias, STANDBY otherwise; recorded and reported. */
  private void recordPhases(List<IndexCatalog.IndexEntry> own) throws IOException {
    Map<String, List<String>> holders =
        catalog.holders(
            own.stream()
                .map(index -> settings.readAlias().nameFor(index.ownership().orElseThrow().topic()))
                .distinct()
                .toList());
    boolean allLive = true;
    for (IndexCatalog.IndexEntry index : own) {
      IndexOwnership owner = index.ownership().orElseThrow();
      boolean live =
          holders.get(settings.readAlias().nameFor(owner.topic())).contains(index.name());
      Phase current = live ? Phase.LIVE : Phase.STANDBY;
      allLive &= live;
      if (owner.phase() != current) {
        catalog.record(index, owner.withPhase(current));
      }
    }
    report(allLive ? Phase.LIVE : Phase.STANDBY, own.size() + " index(es) caught up");
  }

  private void report(Phase next, String detail) {
    if (next != phase) {
      log.info("Connector {}: phase {} -> {} ({})", settings.connector(), phase, next, detail);
      phase = next;
    }
    listener.checked(next, recordsBehind);
  }
}
