package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.index.BucketAliases;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.IndexSettings;
import dev.unbundled.search.connector.index.NameFormat;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.index.TimeBucket;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The life cycle of a connector whose index names carry time buckets, against an in-memory
 * Elasticsearch: every bucket of a version moves together, a bucket born after promotion is
 * readable at once, and the retention deletes only its own expired buckets.
 */
class TimeBucketLifecycleTest {

  private static final String CONNECTOR = "clicks-search-v2";
  private static final String FORMAT = "${topic}-v${version}-${time:yyyy.MM.dd}";
  private static final TopicPartition P0 = new TopicPartition("clicks", 0);

  private final FakeElasticsearch elasticsearch = new FakeElasticsearch();
  private final IndexNames names = new IndexNames(FORMAT, 2);
  private final List<Phase> reported = new ArrayList<>();
  private CatchUpCheck.Position position = new CatchUpCheck.Position(0, 100, 100);

  private IndexLifecycle lifecycle(Optional<Duration> retention) {
    IndexCatalog catalog = new IndexCatalog(elasticsearch);
    return new IndexLifecycle(
        new IndexLifecycle.Settings(
            new OwnIndexes(CONNECTOR, 2, names.pattern()),
            new NameFormat("${topic}", 2),
            Optional.empty(),
            true,
            0,
            IndexSettings.parse("{\"number_of_replicas\": 1}"),
            retention),
        new PositionSource() {
          @Override
          public Map<TopicPartition, CatchUpCheck.Position> positions() {
            return Map.of(P0, position);
          }

          @Override
          public Map<TopicPartition, Long> highWatermarks(Set<TopicPartition> partitions) {
            return Map.of(P0, position.end());
          }
        },
        elasticsearch,
        catalog,
        new AliasMover(elasticsearch, catalog),
        (phase, behind) -> reported.add(phase),
        new LostPrimaries(elasticsearch, Duration.ofMinutes(5), Clock.systemUTC()),
        e -> {},
        Optional.empty());
  }

  /** The task's side: creates the bucket of {@code time} as a v2 task does. */
  private String bucketWrittenAt(String time) throws IOException {
    var target = names.targetFor("clicks", Instant.parse(time));
    new IndexManager(
            elasticsearch,
            new IndexManager.Settings(
                CONNECTOR, 2, IndexSettings.parse("{\"number_of_replicas\": 1}"), "", false),
            schema -> Optional.empty(),
            Optional.of(
                new BucketAliases(
                    elasticsearch, CONNECTOR, 2, new NameFormat("${topic}", 2), Optional.empty())))
        .ensureExists(target, "clicks", null);
    return target.index();
  }

  /** A bucket of version 1, live: it holds the read alias. */
  private void liveBucketOfVersionOne(String index) {
    elasticsearch.createIndex(
        index,
        IndexOwnership.created("clicks-search-v1", "clicks", 1)
            .tuningRestored()
            .promoted(Instant.now())
            .toMeta(null));
    elasticsearch.pointAlias("clicks", index);
  }

  private IndexOwnership ownershipOf(String index) {
    return IndexOwnership.fromMeta(elasticsearch.index(index).meta()).orElseThrow();
  }

  @Test
  void promotionMovesReadersFromEveryBucketOfOneVersionToEveryBucketOfTheNextInOneRequest()
      throws Exception {
    liveBucketOfVersionOne("clicks-v1-2026.12.01");
    liveBucketOfVersionOne("clicks-v1-2026.12.02");
    List<String> v2 =
        List.of(
            bucketWrittenAt("2026-12-01T10:00:00Z"),
            bucketWrittenAt("2026-12-02T10:00:00Z"),
            bucketWrittenAt("2026-12-03T10:00:00Z"));
    // Born while version 2 builds: no reader alias yet, build settings.
    assertThat(elasticsearch.index(v2.get(2)).aliases())
        .containsExactly("clicks-v2-2026.12.03.Writer");
    assertThat(elasticsearch.index(v2.get(2)).settings().path("index.refresh_interval").asText())
        .isEqualTo("-1");
    elasticsearch.clearRequests();

    lifecycle(Optional.empty()).check();

    assertThat(elasticsearch.holders("clicks")).containsExactlyInAnyOrderElementsOf(v2);
    assertThat(elasticsearch.requests().stream().filter(r -> r.equals("POST /_aliases")))
        .hasSize(1);
    v2.forEach(index -> assertThat(ownershipOf(index).phase()).isEqualTo(Phase.LIVE));
    assertThat(reported).containsExactly(Phase.LIVE);
  }

  @Test
  void aBucketBornAfterPromotionIsReadableAtOnceAndServesFromItsBirth() throws Exception {
    bucketWrittenAt("2026-12-01T10:00:00Z");
    lifecycle(Optional.empty()).check();
    assertThat(elasticsearch.holders("clicks")).containsExactly("clicks-v2-2026.12.01");

    String late = bucketWrittenAt("2026-11-02T10:00:00Z");

    assertThat(elasticsearch.index(late).aliases()).contains("clicks");
    assertThat(elasticsearch.index(late).settings().has("index.refresh_interval")).isFalse();
    assertThat(elasticsearch.index(late).settings().path("index.number_of_replicas").asInt())
        .isEqualTo(1);
    assertThat(ownershipOf(late).phase()).isEqualTo(Phase.LIVE);
    assertThat(ownershipOf(late).promotedAt()).isNotNull();
    assertThat(TimeBucket.fromMeta(elasticsearch.index(late).meta()).orElseThrow().start())
        .isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    elasticsearch.clearRequests();

    // Under load, a new bucket does not send the connector back to its build phase.
    position = new CatchUpCheck.Position(0, 100, 5_000);
    lifecycle(Optional.empty()).check();
    assertThat(reported).endsWith(Phase.LIVE);
    assertThat(elasticsearch.requests()).doesNotContain("POST /_aliases");
  }

  @Test
  void aBucketOfAVersionNotYetLiveJoinsNoAlias() throws Exception {
    liveBucketOfVersionOne("clicks-v1-2026.12.01");

    String bucket = bucketWrittenAt("2026-12-05T10:00:00Z");

    assertThat(elasticsearch.holders("clicks")).containsExactly("clicks-v1-2026.12.01");
    assertThat(ownershipOf(bucket).phase()).isEqualTo(Phase.BUILDING);
  }

  @Test
  void theRetentionDeletesOnlyItsOwnExpiredBucketsThatNobodyElseReads() throws Exception {
    Instant now = Instant.now();
    String old = bucketWrittenAt(now.minus(Duration.ofDays(40)).toString());
    String borrowed = bucketWrittenAt(now.minus(Duration.ofDays(45)).toString());
    String recent = bucketWrittenAt(now.minus(Duration.ofDays(2)).toString());
    elasticsearch.pointAlias("audit-archive", borrowed);
    // Version 1's bucket is past the retention too, but it is not this connector's.
    liveBucketOfVersionOne("clicks-v1-2020.01.01");
    var v1Meta = elasticsearch.index("clicks-v1-2020.01.01").meta().deepCopy();
    new TimeBucket(
            "2020.01.01",
            Instant.parse("2020-01-01T00:00:00Z"),
            Instant.parse("2020-01-02T00:00:00Z"))
        .addTo((com.fasterxml.jackson.databind.node.ObjectNode) v1Meta);
    elasticsearch.index("clicks-v1-2020.01.01").setMeta(v1Meta);

    lifecycle(Optional.of(Duration.ofDays(30))).check();

    assertThat(elasticsearch.exists(old)).isFalse();
    assertThat(elasticsearch.exists(borrowed)).isTrue();
    assertThat(elasticsearch.exists(recent)).isTrue();
    assertThat(elasticsearch.exists("clicks-v1-2020.01.01")).isTrue();
  }

  @Test
  void bucketRangesAreReadBackFromTheIndexMeta() {
    TimeBucket bucket =
        new TimeBucket(
            "2026.12.01",
            Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-02T00:00:00Z"));
    var meta = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    bucket.addTo(meta);
    assertThat(TimeBucket.fromMeta(meta)).contains(bucket);
  }
}
