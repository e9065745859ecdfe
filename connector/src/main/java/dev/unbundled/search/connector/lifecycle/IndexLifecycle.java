package dev.unbundled.search.connector.lifecycle;

import dev.unbundled.search.connector.bulk.WriteStall;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.config.AliasPromotion;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.IndexSettings;
import dev.unbundled.search.connector.index.NameFormat;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.index.ShardsLostException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
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
 * <p>Every decision is made from what Kafka and Elasticsearch say now, so restarts, several workers
 * and operators' own alias moves are safe. The one thing kept between runs is each partition's end
 * offset at the last few checks ({@link RecentEnds}), which lets a connector count as caught up
 * while writes keep arriving (see {@link PromotionRules#lagging}); after a restart that takes a few
 * checks longer.
 *
 * <p>Every check also looks for primary shards of its indexes that no node holds any more ({@link
 * LostPrimaries}): while building, with no replicas, losing a node loses them. Such a loss, once
 * confirmed, is recorded in the index's {@code _meta} and fails the connector with a {@link
 * ShardsLostException} that says how to rebuild; an index marked so is never promoted.
 */
public final class IndexLifecycle implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(IndexLifecycle.class);
  private static final Duration HEALTH_WAIT = Duration.ofSeconds(30);
  private static final Duration REPEAT_WARNING = Duration.ofMinutes(1);

  /** What the life cycle needs from the connector's configuration. */
  public record Settings(
      OwnIndexes own,
      NameFormat readAlias,
      Optional<NameFormat> previewAlias,
      boolean autoPromotion,
      long maxLag,
      IndexSettings indexSettings,
      Optional<Duration> retention) {

    public Settings(
        OwnIndexes own,
        NameFormat readAlias,
        Optional<NameFormat> previewAlias,
        boolean autoPromotion,
        long maxLag,
        IndexSettings indexSettings) {
      this(own, readAlias, previewAlias, autoPromotion, maxLag, indexSettings, Optional.empty());
    }

    /** The settings of connector {@code connector}, configured with {@code config}. */
    public static Settings of(String connector, SearchSinkConfig config) {
      int version = config.indexVersion();
      return new Settings(
          OwnIndexes.of(connector, config),
          new NameFormat(config.aliasNameFormat(), version),
          config.previewAliasNameFormat().map(format -> new NameFormat(format, version)),
          config.aliasPromotion() == AliasPromotion.AUTO,
          config.promotionMaxLag(),
          IndexSettings.parse(config.indexSettings()),
          config.timeBucketed() ? config.indexRetention() : Optional.empty());
    }

    String connector() {
      return own.connector();
    }
  }

  private final Settings settings;
  private final PositionSource positions;
  private final JsonApi es;
  private final IndexCatalog catalog;
  private final AliasMover aliases;
  private final LifecycleListener listener;
  private final LostPrimaries lostPrimaries;
  private final Consumer<ShardsLostException> failure;
  private final Optional<SnapshotSweeps> sweeps;
  private final RewoundTopics rewound = new RewoundTopics();
  private volatile Phase phase;
  private volatile boolean failed;
  private final RecentEnds recentEnds = new RecentEnds();
  private Map<String, Long> recordsBehind = Map.of();
  private final FailureStreak failures = new FailureStreak(REPEAT_WARNING);
  private final Optional<BucketRetention> retention;

  public IndexLifecycle(
      Settings settings,
      PositionSource positions,
      JsonApi es,
      IndexCatalog catalog,
      AliasMover aliases,
      LifecycleListener listener,
      LostPrimaries lostPrimaries,
      Consumer<ShardsLostException> failure,
      Optional<SnapshotSweeps> sweeps) {
    this.settings = settings;
    this.positions = positions;
    this.es = es;
    this.catalog = catalog;
    this.aliases = aliases;
    this.listener = listener;
    this.lostPrimaries = lostPrimaries;
    this.failure = failure;
    this.sweeps = sweeps;
    this.retention =
        settings
            .retention()
            .map(
                kept ->
                    new BucketRetention(
                        es,
                        kept,
                        settings.readAlias(),
                        settings.previewAlias(),
                        Clock.systemUTC()));
  }

  /** The phase of the connector's indexes, as of the last check; null before the first. */
  public Phase phase() {
    return phase;
  }

  @Override
  public void run() {
    if (failed) {
      return;
    }
    try {
      check();
      failures
          .succeeded(Instant.now())
          .ifPresent(
              ended ->
                  log.info(
                      "Connector {}: index life-cycle checks go through again, after {} failed in {}",
                      settings.connector(),
                      ended.failures(),
                      WriteStall.brief(ended.lasted())));
    } catch (ShardsLostException e) {
      // Reported once: the connector is failed from here on, until someone restarts it.
      failed = true;
      log.error("Connector {}: {}", settings.connector(), e.getMessage());
      failure.accept(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (Thread.currentThread().isInterrupted()) {
        // The connector is stopping: clients report the interruption wrapped in other exceptions
        // (Elasticsearch's REST client as a RuntimeException), which is no failure to warn about.
        log.debug("Connector {}: index life-cycle check stopped: {}", settings.connector(), e);
        return;
      }
      if (failures.failed(e.toString(), Instant.now())) {
        log.warn(
            "Connector {}: index life-cycle check failed ({} in a row since {}), will retry: {}",
            settings.connector(),
            failures.failures(),
            failures.started(),
            e.toString());
      } else {
        log.debug("Connector {}: index life-cycle check failed again: {}", settings.connector(), e);
      }
    }
  }

  /**
   * One check. The connector's own indexes are read once; each step goes on from what the steps
   * before it recorded.
   */
  void check() throws Exception {
    SortedMap<String, IndexCatalog.IndexEntry> own = new TreeMap<>(catalog.own(settings.own()));
    refuseLostShards(own);
    if (retention.isPresent()) {
      List<String> deleted = retention.get().apply(own);
      deleted.forEach(own::remove);
      if (!deleted.isEmpty()) {
        listener.bucketsDeleted(deleted.size());
      }
    }
    Map<TopicPartition, CatchUpCheck.Position> now = positions.positions();
    Map<String, Long> behindByTopic = new HashMap<>();
    now.forEach(
        (partition, position) ->
            behindByTopic.merge(partition.topic(), position.behind(), Long::sum));
    recordsBehind = behindByTopic;
    if (!rewound.check(now, positions::highWatermarks).isEmpty()) {
      // Committed past the end: the topic went backwards, and "caught up" would be a lie.
      report(Phase.BUILDING, "offsets went backwards");
      return;
    }
    // Whatever the phase: a live index is swept after a re-snapshot, a building one as it reads
    // past each snapshot in its topic.
    sweeps.ifPresent(sweep -> sweep.check(own, now));
    List<TopicPartition> lagging =
        PromotionRules.lagging(now, recentEnds.earlier(), settings.maxLag());
    recentEnds.record(now);
    if (!lagging.isEmpty()) {
      if (!own.isEmpty() && own.values().stream().allMatch(IndexLifecycle::servesOrStandsBy)) {
        // Built and caught up before: a moment behind under load is no return to the build phase.
        recordPhases(own);
        return;
      }
      long behind = now.values().stream().mapToLong(CatchUpCheck.Position::behind).max().orElse(0);
      report(Phase.BUILDING, "up to " + behind + " records behind");
      return;
    }
    if (own.isEmpty()) {
      report(Phase.CAUGHT_UP, "caught up, no index written yet");
      return;
    }
    for (IndexCatalog.IndexEntry index : List.copyOf(own.values())) {
      if (PromotionRules.inBuildPhase(index.owner())) {
        own.put(index.name(), endBuildPhase(index));
      }
    }
    if (settings.previewAlias().isPresent()) {
      moveOnce(
          own,
          settings.previewAlias().get(),
          IndexOwnership::previewedAt,
          o -> o.previewed(Instant.now()));
    }
    if (settings.autoPromotion()) {
      moveOnce(
          own, settings.readAlias(), IndexOwnership::promotedAt, o -> o.promoted(Instant.now()));
    }
    recordPhases(own);
  }

  /**
   * Fails with {@link ShardsLostException} when an index has lost primary shards: recorded so
   * before, or found so now (then recorded, so that no restart and no tool promotes it).
   */
  private void refuseLostShards(Map<String, IndexCatalog.IndexEntry> own) throws IOException {
    for (IndexCatalog.IndexEntry index : own.values()) {
      Optional<ShardsLostException> recorded =
          ShardsLostException.recordedFor(index.name(), settings.connector(), index.meta());
      if (recorded.isPresent()) {
        throw recorded.get();
      }
    }
    Map<String, List<Integer>> lost = lostPrimaries.lost(own.keySet());
    for (Map.Entry<String, List<Integer>> shards : lost.entrySet()) {
      IndexCatalog.IndexEntry index = own.get(shards.getKey());
      catalog.mark(
          index.name(),
          ShardsLostException.META_KEY,
          ShardsLostException.record(shards.getValue(), Instant.now()));
      throw new ShardsLostException(
          index.name(), settings.connector(), shards.getValue(), index.owner().readersUseIt());
    }
  }

  /**
   * Ends the build phase of an index that has caught up: restores its serving settings, refreshes
   * it, and waits until it is healthy, before any alias may point at it.
   *
   * @return the index as now recorded
   */
  private IndexCatalog.IndexEntry endBuildPhase(IndexCatalog.IndexEntry index) throws IOException {
    IndexOwnership owner = index.owner();
    if (owner.buildTuned()) {
      es.send("PUT", "/" + index.name() + "/_settings", settings.indexSettings().forServing());
      log.info("Index {} caught up: restored refresh interval and replicas", index.name());
    }
    es.send("POST", "/" + index.name() + "/_refresh", null);
    Optional<String> unhealthy = PromotionRules.healthProblem(es, index.name(), HEALTH_WAIT);
    if (unhealthy.isPresent()) {
      throw new IOException(unhealthy.get());
    }
    Phase next = owner.phase() == Phase.BUILDING ? Phase.CAUGHT_UP : owner.phase();
    return catalog.record(index, owner.tuningRestored().withPhase(next));
  }

  /**
   * Moves an alias (read or preview) of each index that has not had it yet, all in one request, and
   * records that it did, in {@code own} too.
   */
  private void moveOnce(
      SortedMap<String, IndexCatalog.IndexEntry> own,
      NameFormat aliasFormat,
      Function<IndexOwnership, Instant> doneAt,
      UnaryOperator<IndexOwnership> markDone)
      throws IOException {
    List<AliasMover.Move> moves = new ArrayList<>();
    for (IndexCatalog.IndexEntry index : own.values()) {
      IndexOwnership owner = index.owner();
      if (doneAt.apply(owner) == null) {
        moves.add(
            new AliasMover.Move(
                aliasFormat.nameFor(owner.topic()), index.name(), owner.version(), owner.topic()));
      }
    }
    if (moves.isEmpty()) {
      return;
    }
    for (AliasMover.Move move : aliases.moveForward(moves, own)) {
      IndexCatalog.IndexEntry index = own.get(move.index());
      own.put(index.name(), catalog.record(index, markDone.apply(index.owner())));
    }
  }

  private static boolean servesOrStandsBy(IndexCatalog.IndexEntry index) {
    Phase recorded = index.owner().phase();
    return recorded == Phase.LIVE || recorded == Phase.STANDBY;
  }

  /** LIVE where the index holds its read alias, STANDBY otherwise; recorded and reported. */
  private void recordPhases(SortedMap<String, IndexCatalog.IndexEntry> own) throws IOException {
    Map<String, List<String>> holders =
        catalog.holders(
            own.values().stream()
                .map(index -> settings.readAlias().nameFor(index.owner().topic()))
                .distinct()
                .toList());
    boolean allLive = true;
    for (IndexCatalog.IndexEntry index : own.values()) {
      IndexOwnership owner = index.owner();
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
