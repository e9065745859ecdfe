package dev.unbundled.search.connector;

import org.apache.kafka.connect.sink.SinkRecord;

/** Names a record by its Kafka coordinates in error messages. */
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
}
