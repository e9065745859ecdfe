package dev.unbundled.search.tool.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.tool.ToolException;
import dev.unbundled.search.tool.connect.ConnectClient;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReindexPlanTest {

  private static final Map<String, String> V1 =
      Map.of(
          "name", "orders-search-v1",
          "connector.class", ConnectClient.CONNECTOR_CLASS,
          "topics", "orders",
          "index.version", "1",
          "batch.size", "500");

  @Test
  void bumpsTheVersionAndTheNameByDefault() throws Exception {
    ReindexPlan plan = ReindexPlan.derive("orders-search-v1", V1, ConfigOverrides.NONE, null);

    assertThat(plan.to()).isEqualTo("orders-search-v2");
    assertThat(plan.fromVersion()).isEqualTo(1);
    assertThat(plan.toVersion()).isEqualTo(2);
    assertThat(plan.newConfig())
        .containsEntry("index.version", "2")
        .containsEntry("name", "orders-search-v2")
        .containsEntry("batch.size", "500");
  }

  @Test
  void aGivenVersionAndNameWin() throws Exception {
    ReindexPlan plan =
        ReindexPlan.derive(
            "orders-search-v1",
            V1,
            new ConfigOverrides(Map.of("index.version", "7"), Set.of()),
            "orders-search-next");

    assertThat(plan.to()).isEqualTo("orders-search-next");
    assertThat(plan.newConfig()).containsEntry("index.version", "7");
  }

  @Test
  void unsetRemovesAKey() throws Exception {
    ReindexPlan plan =
        ReindexPlan.derive(
            "orders-search-v1", V1, new ConfigOverrides(Map.of(), Set.of("batch.size")), null);

    assertThat(plan.newConfig()).doesNotContainKey("batch.size");
    assertThat(plan.changes(key -> false))
        .filteredOn(change -> change.key().equals("batch.size"))
        .singleElement()
        .satisfies(change -> assertThat(change.kind()).isEqualTo("removed"));
  }

  @Test
  void overridesThatCannotApplyAreNamed() {
    assertThatThrownBy(() -> derive(Map.of("name", "x"), Set.of())).hasMessageContaining("--name");
    assertThatThrownBy(() -> derive(Map.of("connector.class", "x"), Set.of()))
        .hasMessageContaining("keeps the connector class");
    assertThatThrownBy(() -> derive(Map.of(), Set.of("linger.ms")))
        .hasMessageContaining(
            "--unset linger.ms: orders-search-v1's configuration has no linger.ms");
    assertThatThrownBy(() -> derive(Map.of(), Set.of("index.version")))
        .hasMessageContaining("required");
    assertThatThrownBy(() -> derive(Map.of("index.version", "two"), Set.of()))
        .hasMessageContaining("not a number: 'two'");
  }

  @Test
  void aNameWithoutAVersionNeedsAName() {
    assertThatThrownBy(() -> ReindexPlan.derive("orders-search", V1, ConfigOverrides.NONE, null))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("give --name");
  }

  private static ReindexPlan derive(Map<String, String> set, Set<String> unset)
      throws ToolException {
    return ReindexPlan.derive("orders-search-v1", V1, new ConfigOverrides(set, unset), null);
  }
}
