package dev.unbundled.search.tool.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.FakeConnect;
import dev.unbundled.search.tool.session.FakeIndexes;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retiring a connector, against an in-memory Connect and cluster. */
class RetireTest {

  private final FakeConnect connect = new FakeConnect();
  private final FakeIndexes cluster = new FakeIndexes();
  private final Retire retire = new Retire(new ConnectClient(connect), cluster);

  @BeforeEach
  void twoVersions() {
    Map<String, String> config =
        Map.of("connector.class", ConnectClient.CONNECTOR_CLASS, "topics", "orders,invoices");
    connect.with("orders-search-v1", config).with("orders-search-v2", config);
    cluster
        .owned("orders-v1", "orders-search-v1", "orders", 1)
        .owned("invoices-v1", "orders-search-v1", "invoices", 1)
        .owned("orders-v2", "orders-search-v2", "orders", 2)
        .owned("orders-v0", "someone-else", "orders", 0)
        .unowned("orders-by-hand");
  }

  @Test
  void refusesWhileAReadOrPreviewAliasPointsAtOneOfItsIndexes() throws Exception {
    cluster.alias("orders", "orders-v1").alias("invoices-preview", "invoices-v1");

    Retire.Plan plan = retire.plan("orders-search-v1", true);

    assertThat(plan.refusals())
        .hasSize(2)
        .anySatisfy(r -> assertThat(r).startsWith("alias orders points at orders-v1"))
        .anySatisfy(r -> assertThat(r).startsWith("alias invoices-preview points at invoices-v1"));
    assertThat(connect.changes()).isEmpty();
  }

  @Test
  void deletesTheConnectorItsOffsetsAndOnlyTheIndexesItsMetaNames() throws Exception {
    cluster.alias("orders", "orders-v2");

    Retire.Plan plan = retire.plan("orders-search-v1", true);
    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.own()).containsExactly("invoices-v1", "orders-v1");
    Retire.Outcome outcome = retire.execute(plan);

    assertThat(connect.changes())
        .containsExactly(
            "PUT /connectors/orders-search-v1/stop",
            "DELETE /connectors/orders-search-v1/offsets",
            "DELETE /connectors/orders-search-v1");
    assertThat(connect.offsetsReset).containsExactly("orders-search-v1");
    assertThat(connect.configs).containsOnlyKeys("orders-search-v2");
    assertThat(outcome.deletedIndexes()).containsExactly("invoices-v1", "orders-v1");
    assertThat(cluster.deleted).containsExactlyInAnyOrder("invoices-v1", "orders-v1");
    assertThat(cluster.indexes).containsOnlyKeys("orders-v2", "orders-v0", "orders-by-hand");
  }

  @Test
  void withoutDeleteIndexesKeepsItsIndexesAndOffsets() throws Exception {
    Retire.Plan plan = retire.plan("orders-search-v1", false);
    assertThat(plan.steps())
        .anySatisfy(step -> assertThat(step).contains("keep its indexes invoices-v1, orders-v1"));

    Retire.Outcome outcome = retire.execute(plan);

    assertThat(connect.configs).doesNotContainKey("orders-search-v1");
    assertThat(connect.offsetsReset).isEmpty();
    assertThat(outcome.deletedIndexes()).isEmpty();
    assertThat(cluster.deleted).isEmpty();
  }

  @Test
  void anIndexThatGainedAnAliasSinceThePlanIsKept() throws Exception {
    Retire.Plan plan = retire.plan("orders-search-v1", true);
    cluster.alias("orders", "orders-v1");

    Retire.Outcome outcome = retire.execute(plan);

    assertThat(outcome.deletedIndexes()).containsExactly("invoices-v1");
    assertThat(outcome.kept()).containsOnlyKeys("orders-v1");
    assertThat(outcome.kept().get("orders-v1")).contains("alias orders points at it now");
    assertThat(cluster.indexes).containsKey("orders-v1");
  }
}
