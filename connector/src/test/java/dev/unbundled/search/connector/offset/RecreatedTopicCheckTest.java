package dev.unbundled.search.connector.offset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecreatedTopicCheckTest {

  private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

  private final Map<String, String> currentIds = new HashMap<>(Map.of("orders", "id-1"));
  private final Map<String, String> recordedIds = new HashMap<>();
  private int reads;

  private final RecreatedTopicCheck check =
      new RecreatedTopicCheck(
          topics -> {
            Map<String, String> ids = new HashMap<>(currentIds);
            ids.keySet().retainAll(topics);
            return ids;
          },
          (index, topic, currentId) -> {
            reads++;
            return recordedIds.computeIfAbsent(index + "/" + topic, key -> currentId);
          });

  @Test
  void anIndexRecordsTheTopicItIsBuiltFromAndMatchesItLater() {
    check.assigned(List.of(ORDERS_0));

    assertThat(check.check("orders-v1", "orders")).isEmpty();
    assertThat(recordedIds).containsEntry("orders-v1/orders", "id-1");
    // Once per index and topic per assignment.
    assertThat(check.check("orders-v1", "orders")).isEmpty();
    assertThat(reads).isEqualTo(1);
  }

  @Test
  void aTopicCreatedAgainUnderTheSameNameIsNoticedAtTheNextAssignment() {
    check.assigned(List.of(ORDERS_0));
    check.check("orders-v1", "orders");

    currentIds.put("orders", "id-2");
    check.assigned(List.of(ORDERS_0));

    assertThat(check.check("orders-v1", "orders"))
        .contains(new RecreatedTopicCheck.Recreated("orders-v1", "orders", "id-1", "id-2"));
    // Every record of the topic fails, not only the first.
    assertThat(check.check("orders-v1", "orders")).isPresent();
    // A new index (the rebuild the failure recommends) is built from the new topic.
    assertThat(check.check("orders-v2", "orders")).isEmpty();
  }

  @Test
  void aTopicWhoseIdCouldNotBeReadIsNotChecked() {
    currentIds.clear();
    check.assigned(List.of(ORDERS_0));

    assertThat(check.check("orders-v1", "orders")).isEmpty();
    assertThat(reads).isZero();
  }

  @Test
  void anIndexThatCannotBeReadOrWrittenIsCheckedAgainAtTheNextAssignment() {
    int[] attempts = {0};
    RecreatedTopicCheck blocked =
        new RecreatedTopicCheck(
            topics -> Map.of("orders", "id-1"),
            (index, topic, currentId) -> {
              if (attempts[0]++ == 0) {
                throw new java.io.IOException("index [orders-v1] blocked by: [FORBIDDEN/12]");
              }
              return "id-0";
            });
    blocked.assigned(List.of(ORDERS_0));

    assertThat(blocked.check("orders-v1", "orders")).isEmpty();
    assertThat(blocked.check("orders-v1", "orders")).isEmpty();
    assertThat(attempts[0]).isEqualTo(1);

    blocked.assigned(List.of(ORDERS_0));
    assertThat(blocked.check("orders-v1", "orders")).isPresent();
  }
}
