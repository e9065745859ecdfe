package dev.unbundled.search.tool.alias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.tool.ExitCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code rollback}: back to a version its own connector still keeps current, or not at all. */
class RollbackTest {

  private final AliasFixture fixture = new AliasFixture();
  private final Rollback rollback = new Rollback(fixture.client, fixture.sessions);

  @BeforeEach
  void threeVersionsTheAliasOnTheNewest() {
    fixture
        .connector("orders-search-v1", "orders", 1)
        .connector("orders-search-v2", "orders", 2)
        .connector("orders-search-v3", "orders", 3)
        .readyIndex("orders-v1", "orders-search-v1", "orders", 1)
        .readyIndex("orders-v2", "orders-search-v2", "orders", 2)
        .readyIndex("orders-v3", "orders-search-v3", "orders", 3);
    fixture.sessions.es.pointAlias("orders", "orders-v3");
  }

  @Test
  void goesBackToTheHighestEarlierVersionOfTheSameTopic() throws Exception {
    assertThat(rollback.run(fixture.out, "orders", null, false)).isEqualTo(ExitCode.OK.code());

    assertThat(fixture.sessions.es.holders("orders")).containsExactly("orders-v2");
    assertThat(fixture.sessions.opened).isEqualTo(fixture.sessions.closed);
  }

  @Test
  void goesToTheIndexAskedFor() throws Exception {
    assertThat(rollback.run(fixture.out, "orders", "orders-v1", false))
        .isEqualTo(ExitCode.OK.code());

    assertThat(fixture.sessions.es.holders("orders")).containsExactly("orders-v1");
  }

  @Test
  void refusesAnIndexWhoseConnectorNoLongerExists() throws Exception {
    fixture.connect.configs.remove("orders-search-v2");

    assertThat(rollback.run(fixture.out, "orders", null, false)).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed())
        .contains("connector orders-search-v2, which kept orders-v2 current, no longer exists");
    assertUnchanged();
  }

  @Test
  void refusesAnIndexItsConnectorHasLetFallBehind() throws Exception {
    fixture.sessions.at("orders-search-v2", "orders", 0, 500);

    assertThat(rollback.run(fixture.out, "orders", null, false)).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("orders-v2 is 500 records behind");
    assertUnchanged();
  }

  @Test
  void refusesAnUnhealthyTarget() throws Exception {
    fixture.sessions.es.index("orders-v2").setHealthy(false);

    assertThat(rollback.run(fixture.out, "orders", null, false)).isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("orders-v2 is not ready for readers");
    assertUnchanged();
  }

  @Test
  void refusesAnIndexNoConnectorOfOursOwns() throws Exception {
    fixture.sessions.es.createIndex("orders-by-hand", null);

    assertThat(rollback.run(fixture.out, "orders", "orders-by-hand", false))
        .isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("no connector of ours owns it");
    assertUnchanged();
  }

  @Test
  void refusesAnAliasThatPointsAtNoIndex() throws Exception {
    assertThat(rollback.run(fixture.out, "products", null, false))
        .isEqualTo(ExitCode.REFUSED.code());

    assertThat(fixture.printed()).contains("the alias points at no index; use promote");
  }

  private void assertUnchanged() {
    assertThat(fixture.sessions.es.holders("orders")).containsExactly("orders-v3");
    assertThat(fixture.sessions.es.requests()).doesNotContain("POST /_aliases");
    assertThat(fixture.sessions.opened).isEqualTo(fixture.sessions.closed);
  }
}
