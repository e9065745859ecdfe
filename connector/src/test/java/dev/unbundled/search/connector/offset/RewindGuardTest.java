package dev.unbundled.search.connector.offset;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.connector.config.DocumentVersion;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RewindGuardTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final OffsetsWentBackwardsException.Context CONTEXT =
      new OffsetsWentBackwardsException.Context("orders-search-v1", 1);

  private static RewindGuard failing(String currentTopicId, String recordedTopicId) {
    return RewindGuard.failing(
        partitions -> Map.of(P0, 50L),
        new RecreatedTopicCheck(
            topics -> Map.of("orders", currentTopicId), (index, topic, id) -> recordedTopicId),
        CONTEXT);
  }

  @Test
  void underOffsetVersionsARewindFailsNamingOffsetsAndRemedies() {
    RewindGuard guard = failing("id-1", "id-1");
    guard.assigned(List.of(P0));

    assertThatThrownBy(() -> guard.beforeRecord(P0, 0))
        .isInstanceOf(OffsetsWentBackwardsException.class)
        .hasMessageContaining("topic 'orders' partition 0 went backwards")
        .hasMessageContaining("the committed offset is 50")
        .hasMessageContaining("now delivers offset 0")
        .hasMessageContaining("index.version=2")
        .hasMessageContaining("document.version=field:<path> or header:<name>")
        .hasMessageContaining("DELETE /connectors/orders-search-v1/offsets");
  }

  @Test
  void underOffsetVersionsAnIndexBuiltFromAnEarlierTopicFails() {
    RewindGuard guard = failing("id-2", "id-1");
    guard.assigned(List.of(P0));
    guard.beforeRecord(P0, 50);

    assertThatThrownBy(() -> guard.beforeWrite("orders-v1", "orders"))
        .isInstanceOf(OffsetsWentBackwardsException.class)
        .hasMessageContaining(
            "Topic 'orders' was deleted and created again since index 'orders-v1' was built from"
                + " it (topic id then id-1, now id-2)")
        .hasMessageContaining("index.version=2");
  }

  @Test
  void underRecordVersionsARewindOnlyWarnsAndTheNewOffsetsCarryOn() {
    RewindGuard guard =
        RewindGuard.warning(new DocumentVersion(DocumentVersion.Source.HEADER, "__lsn"));
    guard.assigned(List.of(P0));
    guard.beforeRecord(P0, 10);

    assertThatCode(
            () -> {
              guard.beforeRecord(P0, 0);
              guard.beforeRecord(P0, 1);
              guard.beforeWrite("orders-v1", "orders");
            })
        .doesNotThrowAnyException();
  }

  @Test
  void offsetVersionsCannotHaveAGuardThatOnlyWarns() {
    assertThatThrownBy(() -> RewindGuard.warning(DocumentVersion.OFFSET))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
