package dev.unbundled.search.tool.alias;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AliasSwitchTest {

  @Test
  void aMoveRemovesTheAliasWhereItWasReadAndAddsItToTheTargetInOneRequest() {
    String request =
        AliasSwitch.request(
                List.of(
                    new AliasSwitch.Move("orders", List.of("orders-v1"), "orders-v2"),
                    new AliasSwitch.Move("users", List.of(), "users-v2")))
            .toString();
    assertThat(request)
        .isEqualTo(
            "{\"actions\":["
                + "{\"remove\":{\"index\":\"orders-v1\",\"alias\":\"orders\",\"must_exist\":true}},"
                + "{\"add\":{\"index\":\"orders-v2\",\"alias\":\"orders\"}},"
                + "{\"add\":{\"index\":\"users-v2\",\"alias\":\"users\"}}]}");
  }

  @Test
  void anAliasOnSeveralIndexesEndsOnTheTargetOnly() {
    String request =
        AliasSwitch.request(List.of(new AliasSwitch.Move("a", List.of("a-v1", "a-v2"), "a-v2")))
            .toString();
    assertThat(request)
        .isEqualTo(
            "{\"actions\":[{\"remove\":{\"index\":\"a-v1\",\"alias\":\"a\",\"must_exist\":true}}]}");
    assertThat(new AliasSwitch.Move("a", List.of("a-v2"), "a-v2").done()).isTrue();
  }
}
