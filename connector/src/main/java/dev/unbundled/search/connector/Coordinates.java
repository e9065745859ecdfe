package dev.unbundled.search.connector;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** A record's Kafka coordinates: where it was read, whatever transforms did to it since. */
final class Coordinates {

  private Coordinates() {}

  /** "topic 'orders' partition 2 offset 1234", with the transformed topic too if it differs. */
  static String of(SinkRecord record) {
    String described =
        "topic '"
            + record.originalTopic()
            + "' partition "
            + record.originalKafkaPartition()
            + " offset "
            + record.originalKafkaOffset();
    return record.topic().equals(record.originalTopic())
        ? described
        : described + " (routed to topic '" + record.topic() + "')";
  }

  /** The partition the record was read from (its offsets are that partition's). */
  static TopicPartition partitionOf(SinkRecord record) {
    return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
  }
}
