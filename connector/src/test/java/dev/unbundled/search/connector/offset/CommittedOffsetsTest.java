package dev.unbundled.search.connector.offset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule for a sink connector's consumer group, which the tool calls too. */
class CommittedOffsetsTest {

  @Test
  void withoutAnOverrideItIsConnectsDefault() {
    assertThat(CommittedOffsets.groupId("orders-v1", Map.of())).isEqualTo("connect-orders-v1");
    assertThat(CommittedOffsets.groupId(Map.of("name", "orders-v1")))
        .isEqualTo("connect-orders-v1");
  }

  @Test
  void anExplicitOverrideIsTheGroup() {
    Map<String, String> config = Map.of("name", "orders-v1", "consumer.override.group.id", "g");

    assertThat(CommittedOffsets.groupId("orders-v1", config)).isEqualTo("g");
    assertThat(CommittedOffsets.groupId(config)).isEqualTo("g");
  }

  @Test
  void aBlankOverrideCountsAsNone() {
    Map<String, String> config = Map.of("name", "orders-v1", "consumer.override.group.id", " ");

    assertThat(CommittedOffsets.groupId("orders-v1", config)).isEqualTo("connect-orders-v1");
    assertThat(CommittedOffsets.groupId(config)).isEqualTo("connect-orders-v1");
  }
}
