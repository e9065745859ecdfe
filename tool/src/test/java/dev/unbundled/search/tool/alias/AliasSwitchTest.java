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

  @Test
  void everyTimeBucketOfOneVersionTakesTheAliasFromEveryBucketOfTheOtherInOneRequest() {
    AliasSwitch.Move move =
        new AliasSwitch.Move(
            "clicks",
            List.of("clicks-v1-2026.12.01", "clicks-v1-2026.12.02", "clicks-v2-2026.12.02"),
            List.of("clicks-v2-2026.12.01", "clicks-v2-2026.12.02"));
    assertThat(AliasSwitch.request(List.of(move)).toString())
        .isEqualTo(
            "{\"actions\":["
                + "{\"remove\":{\"index\":\"clicks-v1-2026.12.01\",\"alias\":\"clicks\",\"must_exist\":true}},"
                + "{\"remove\":{\"index\":\"clicks-v1-2026.12.02\",\"alias\":\"clicks\",\"must_exist\":true}},"
                + "{\"add\":{\"index\":\"clicks-v2-2026.12.01\",\"alias\":\"clicks\"}}]}");
    assertThat(move.done()).isFalse();
    assertThat(
            new AliasSwitch.Move(
                    "clicks",
                    List.of("clicks-v2-2026.12.02", "clicks-v2-2026.12.01"),
                    List.of("clicks-v2-2026.12.01", "clicks-v2-2026.12.02"))
                .done())
        .isTrue();
  }
}
