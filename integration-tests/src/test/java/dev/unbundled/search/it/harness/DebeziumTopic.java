package dev.unbundled.search.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Reading a topic a {@link DebeziumSource} writes, as Debezium wrote it: the raw records, and their
 * change events parsed from JSON with schemas ({@link DebeziumSource#jsonConverters()}), so tests
 * can check what the sink is given against what the source produced.
 */
public final class DebeziumTopic {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private DebeziumTopic() {}

  /** A record as written: where and when it landed, and its key's and value's payloads. */
  public record Change(
      int partition,
      long offset,
      long timestamp,
      TimestampType timestampType,
      JsonNode key,
      JsonNode value) {

    public static Change of(ConsumerRecord<byte[], byte[]> record) {
      return new Change(
          record.partition(),
          record.offset(),
          record.timestamp(),
          record.timestampType(),
          parse(record.key()).path("payload"),
          parse(record.value()).path("payload"));
    }

    /**
     * {@code c}, {@code u}, {@code d}, {@code r}, or {@code tombstone} for Debezium's tombstone.
     */
    public String op() {
      return value.isMissingNode() ? "tombstone" : value.path("op").asText();
    }

    /**
     * {@code source.snapshot}: {@code first}, {@code true}, ..., {@code false}; null for a
     * tombstone.
     */
    public String snapshot() {
      JsonNode snapshot = value.path("source").path("snapshot");
      return snapshot.isMissingNode() || snapshot.isNull() ? null : snapshot.asText();
    }

    @Override
    public String toString() {
      return String.format(
          "%d:%d key=%s op=%s snapshot=%s record.timestamp=%d (%s) ts_ms=%s source.ts_ms=%s",
          partition,
          offset,
          key,
          op(),
          snapshot(),
          timestamp,
          timestampType,
          value.path("ts_ms"),
          value.path("source").path("ts_ms"));
    }
  }

  /**
   * At least {@code count} change events of the topic, waited for, in partition and offset order.
   */
  public static List<Change> changes(EmbeddedConnectCluster connect, String topic, int count) {
    return StreamSupport.stream(
            connect.kafka().consume(count, TIMEOUT.toMillis(), topic).spliterator(), false)
        .map(Change::of)
        .sorted(Comparator.comparingInt(Change::partition).thenComparingLong(Change::offset))
        .toList();
  }

  /** Every record the topic holds now, in partition and offset order. */
  public static List<ConsumerRecord<byte[], byte[]>> records(
      EmbeddedConnectCluster connect, String topic) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    connect.kafka().consumeAll(TIMEOUT.toMillis(), topic).forEach(records::add);
    records.sort(
        Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return records;
  }

  /** Each partition's end offset now: what a sink that consumed the whole topic commits. */
  public static Map<TopicPartition, Long> endOffsets(EmbeddedConnectCluster connect, String topic)
      throws Exception {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records(connect, topic)) {
      ends.merge(new TopicPartition(topic, record.partition()), record.offset() + 1, Math::max);
    }
    return ends;
  }

  /** The record as a sink task is handed it before its transforms, with JSON converters. */
  public static SinkRecord toSinkRecord(ConsumerRecord<byte[], byte[]> record) {
    JsonConverter keys = new JsonConverter();
    keys.configure(Map.of("schemas.enable", "true"), true);
    JsonConverter values = new JsonConverter();
    values.configure(Map.of("schemas.enable", "true"), false);
    SchemaAndValue key = keys.toConnectData(record.topic(), record.key());
    SchemaAndValue value = values.toConnectData(record.topic(), record.value());
    return new SinkRecord(
        record.topic(),
        record.partition(),
        key.schema(),
        key.value(),
        value.schema(),
        value.value(),
        record.offset(),
        record.timestamp(),
        record.timestampType());
  }

  private static JsonNode parse(byte[] json) {
    if (json == null) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
