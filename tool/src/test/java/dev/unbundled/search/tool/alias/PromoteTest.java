package dev.unbundled.search.tool.alias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.ShardsLostException;
import dev.unbundled.search.tool.ExitCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code promote}'s safety rules, each of which leaves the aliases where they were. */
class PromoteTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private final AliasFixture fixture = new AliasFixture();
  private final Promote promote =
      new Promote(fixture.client, fixture.sessions, Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void twoVersionsOfOneConnector() {
    fixture
        .connector("orders-search-v1", "orders", 1)
        .connector("orders-search-v2", "orders", 2)
        .readyIndex("orders-v1", "orders-search-v1", "orders", 1)
        .readyIndex("orders-v2", "orders-search-v2", "orders", 2);
    fixture.sessions.es.pointAlias("orders", "orders-v1");
    fixture.sessions.at("orders-search-v2", "orders", 1_000, 1_005);
  }

  private int promoteV2() throws Exception {
    return promote.run(fixture.out, "orders-search-v2", false, false);
  }

  @Test
  void aCaughtUpHealthyIndexOfARunningConnectorGetsTheReadAliasInOneRequest() throws Exception {
    assertThat(promoteV2()).isEqualTo(ExitCode.OK.code());

    assertThat(fixture.sessions.es.holders("orders")).containsExactly("orders-v2");
    assertThat(fixture.sessions.es.requests()).containsOnlyOnce("POST /_aliases");
    IndexOwnership owner =
        IndexOwnership.fromMeta(fixture.sessions.es.index("orders-v2").meta()).orElseThrow();
    assertThat(owner.promotedAt()).isEqualTo(NOW);
    assertThat(fixture.printed()).contains("Moving alias orders: orders-v1 -> orders-v2");
  }

  @Test
  void refusesAnIndexFurtherBehindThanTheMaxLag() throws Exception {
    fixture.sessions.at("orders-search-v2", "orders", 1_000, 1_011);

    assertThat(promoteV2()).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("orders-v2 is 11 records behind");
    assertUnchanged();
  }

  @Test
  void refusesAnIndexStillInItsBuildPhase() throws Exception {
    fixture.sessions.es.deleteIndex("orders-v2");
    fixture.buildingIndex("orders-v2", "orders-search-v2", "orders", 2);

    assertThat(promoteV2()).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("orders-v2 is still in its build phase");
    assertUnchanged();
  }

  @Test
  void refusesAnIndexThatIsNotHealthy() throws Exception {
    fixture.sessions.es.index("orders-v2").losePrimary(0);

    assertThat(promoteV2()).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("orders-v2 is not ready for readers").contains("red");
    assertUnchanged();
  }

  @Test
  void refusesAnIndexRecordedToHaveLostPrimariesEvenWhenItIsGreenAgain() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode meta =
        fixture.sessions.es.index("orders-v2").meta().deepCopy();
    meta.set(ShardsLostException.META_KEY, ShardsLostException.record(List.of(1), NOW));
    fixture.sessions.es.index("orders-v2").setMeta(meta);

    assertThat(promoteV2()).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("orders-v2 lost primary shards [1]");
    assertUnchanged();
  }

  @Test
  void refusesToPutTheReadAliasOfOneTopicOnAnotherTopicsIndex() throws Exception {
    fixture
        .connector("invoices-search-v1", "invoices", 1, "alias.name.format", "orders")
        .readyIndex("invoices-v1", "invoices-search-v1", "invoices", 1);

    assertThat(promote.run(fixture.out, "invoices-search-v1", false, false))
        .isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed())
        .contains(
            "alias orders is on an index of topic 'orders', so it does not move to invoices-v1");
    assertUnchanged();
  }

  @Test
  void refusesWhileTheConnectorThatKeepsTheIndexCurrentIsNotRunning() throws Exception {
    fixture.connect.states.put("orders-search-v2", "FAILED");

    assertThat(promoteV2()).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed())
        .contains("connector orders-search-v2, which keeps orders-v2 current, is not running");
    assertUnchanged();
  }

  @Test
  void refusesAConnectorThatHasWrittenNoIndexYet() throws Exception {
    fixture.connector("orders-search-v3", "orders", 3);

    assertThat(promote.run(fixture.out, "orders-search-v3", false, false))
        .isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("it has written no index yet");
    assertUnchanged();
  }

  @Test
  void aDryRunPrintsTheRequestAndChangesNothing() throws Exception {
    assertThat(promote.run(fixture.out, "orders-search-v2", false, true))
        .isEqualTo(ExitCode.OK.code());

    assertThat(fixture.printed()).contains("Would move alias orders").contains("POST /_aliases");
    assertUnchanged();
  }

  private void assertUnchanged() {
    assertThat(fixture.sessions.es.holders("orders")).containsExactly("orders-v1");
    assertThat(fixture.sessions.es.requests())
        .noneMatch(request -> request.startsWith("POST /_aliases"))
        .noneMatch(request -> request.startsWith("PUT /orders-v2/_mapping"));
    assertThat(fixture.sessions.opened).isEqualTo(fixture.sessions.closed);
  }
}
