package dev.unbundled.search.tool.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectorNamesTest {

  @Test
  void aTrailingVersionGoesUpByOne() {
    assertThat(ConnectorNames.next("orders-search-v1", 1, 2)).contains("orders-search-v2");
    assertThat(ConnectorNames.next("orders-search-v9", 9, 10)).contains("orders-search-v10");
    assertThat(ConnectorNames.next("orders_search_V3", 3, 4)).contains("orders_search_V4");
  }

  @Test
  void theNameFollowsTheIndexVersionWhenTheyMatched() {
    assertThat(ConnectorNames.next("orders-search-v1", 1, 5)).contains("orders-search-v5");
  }

  @Test
  void aNameNumberedApartFromTheVersionGoesUpByOne() {
    assertThat(ConnectorNames.next("orders-search-v2", 7, 8)).contains("orders-search-v3");
  }

  @Test
  void aNameWithoutATrailingVersionHasNoNext() {
    assertThat(ConnectorNames.next("orders-search", 1, 2)).isEmpty();
    assertThat(ConnectorNames.next("v2-orders", 1, 2)).isEmpty();
    assertThat(ConnectorNames.next("orders-v", 1, 2)).isEmpty();
  }
}
