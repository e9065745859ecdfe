package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a connector stands in its partitions, from Kafka's admin API: committed offsets against the
 * log's start and end, and the look past trailing transaction markers.
 */
class CatchUpCheckTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final MockAdminClient admin = MockAdminClient.create().numBrokers(1).build();
  private final MockConsumer<byte[], byte[]> reader = new MockConsumer<>("earliest");

  CatchUpCheckTest() {
    Node broker = admin.brokers().get(0);
    List<TopicPartitionInfo> partitions =
        List.of(
            new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker)),
            new TopicPartitionInfo(1, broker, List.of(broker), List.of(broker)));
    admin.addTopic(false, "orders", partitions, Map.of());
    admin.addTopic(false, "customers", partitions, Map.of());
    admin.updateBeginningOffsets(Map.of(P0, 5L, P1, 0L));
    reader.updateBeginningOffsets(Map.of(P0, 5L, P1, 0L));
  }

  @AfterEach
  void close() {
    admin.close();
  }

  private CatchUpCheck check() {
    return new CatchUpCheck(admin, reader, "connect-orders-search", List.of("orders"), null);
  }

  private void ends(long p0, long p1) {
    admin.updateEndOffsets(Map.of(P0, p0, P1, p1));
    reader.updateEndOffsets(Map.of(P0, p0, P1, p1));
  }

  /** The reader finds a record where it was sent: the gap it looks at holds data. */
  private void aRecordWhereTheReaderLooks() {
    reader.schedulePollTask(
        () -> {
          TopicPartition partition = reader.assignment().iterator().next();
          reader.addRecord(
              new ConsumerRecord<>(
                  partition.topic(),
                  partition.partition(),
                  reader.position(partition),
                  new byte[0],
                  new byte[0]));
        });
  }

  @Test
  void positionsCountFromTheCommittedOffsetOrTheLogStartBeforeTheFirstCommit() throws Exception {
    ends(100, 50);
    admin.updateConsumerGroupOffsets(Map.of(P1, 20L));
    aRecordWhereTheReaderLooks();
    aRecordWhereTheReaderLooks();

    Map<TopicPartition, CatchUpCheck.Position> positions = check().positions();

    assertThat(positions)
        .containsOnlyKeys(P0, P1)
        .containsEntry(P0, new CatchUpCheck.Position(5, 5, 100))
        .containsEntry(P1, new CatchUpCheck.Position(0, 20, 50));
    assertThat(positions.get(P0).behind()).isEqualTo(95);
    assertThat(positions.get(P0).done()).isZero();
    assertThat(positions.get(P1).done()).isEqualTo(20);
  }

  @Test
  void onlyTransactionMarkersLeftBeforeTheEndCountAsCaughtUp() throws Exception {
    ends(12, 50);
    admin.updateConsumerGroupOffsets(Map.of(P0, 10L, P1, 50L));
    // A read-committed consumer skips the markers at 10 and 11: no record, position at the end.
    reader.schedulePollTask(() -> reader.seek(P0, 12));

    CatchUpCheck.Position position = check().positions().get(P0);

    assertThat(position.committed()).isEqualTo(12);
    assertThat(position.behind()).isZero();
  }

  @Test
  void aRecordLeftBeforeTheEndIsNotSkipped() throws Exception {
    ends(12, 50);
    admin.updateConsumerGroupOffsets(Map.of(P0, 10L, P1, 50L));
    reader.schedulePollTask(() -> reader.seek(P0, 11));
    aRecordWhereTheReaderLooks();

    assertThat(check().positions().get(P0).behind()).isEqualTo(2);
  }

  @Test
  void aLargeGapIsNotReadThrough() throws Exception {
    ends(100_000, 50);
    admin.updateConsumerGroupOffsets(Map.of(P0, 10L, P1, 50L));

    assertThat(check().positions().get(P0).behind()).isEqualTo(99_990);
    assertThat(reader.assignment()).isEmpty();
  }

  @Test
  void topicsAreFoundByRegexWhenTheConnectorHasNoList() throws Exception {
    ends(5, 0);

    CatchUpCheck check =
        new CatchUpCheck(admin, reader, "connect-x", List.of(), Pattern.compile("ord.*"));

    assertThat(check.positions()).containsOnlyKeys(P0, P1);
  }
}
