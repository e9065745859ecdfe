package dev.unbundled.search.it.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;

/** Producing test records, and waiting for a sink connector to commit its way to their end. */
public final class Kafka {

  private Kafka() {}

  /** A record as produced: where it landed. */
  public record Produced(String key, String value, TopicPartition partition, long offset) {}

  /**
   * A record to produce: its key, its value (null for a tombstone), string headers, the partition
   * to write to (null: by key), and its timestamp (null: the producer's clock).
   */
  public record Message(
      String key, String value, Map<String, String> headers, Integer partition, Long timestamp) {
    public static Message of(String key, String value) {
      return new Message(key, value, Map.of(), null, null);
    }

    /** This message with one more header. */
    public Message withHeader(String name, String headerValue) {
      Map<String, String> more = new java.util.LinkedHashMap<>(headers);
      more.put(name, headerValue);
      return new Message(key, value, more, partition, timestamp);
    }

    /** This message, written to {@code target}. */
    public Message toPartition(int target) {
      return new Message(key, value, headers, target, timestamp);
    }

    /** This message, with the record timestamp {@code at}. */
    public Message at(java.time.Instant at) {
      return new Message(key, value, headers, partition, at.toEpochMilli());
    }
  }

  /** Produces the records (null value = tombstone) in order, and returns where each landed. */
  public static List<Produced> produce(
      EmbeddedConnectCluster connect, String topic, List<Map.Entry<String, String>> records) {
    return produceMessages(
        connect,
        topic,
        records.stream().map(record -> Message.of(record.getKey(), record.getValue())).toList());
  }

  /** Produces the messages in order, and returns where each landed. */
  public static List<Produced> produceMessages(
      EmbeddedConnectCluster connect, String topic, List<Message> messages) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Order without idempotence: an idempotent producer whose first batches to a brand-new
    // topic fail with NOT_LEADER can get stuck on OUT_OF_ORDER_SEQUENCE_NUMBER (seen with 4.3.1).
    // With one request in flight, retries keep the order; on loopback they never duplicate.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
      for (Message message : messages) {
        ProducerRecord<String, String> record =
            new ProducerRecord<>(
                topic, message.partition(), message.timestamp(), message.key(), message.value());
        message
            .headers()
            .forEach(
                (name, value) ->
                    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        sent.add(producer.send(record));
      }
      producer.flush();
      List<Produced> produced = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        RecordMetadata metadata = sent.get(i).get(30, TimeUnit.SECONDS);
        produced.add(
            new Produced(
                messages.get(i).key(),
                messages.get(i).value(),
                new TopicPartition(metadata.topic(), metadata.partition()),
                metadata.offset()));
      }
      return produced;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not produce to " + topic, e);
    }
  }

  /**
   * Produces serialized records (a null value is a tombstone) in order, with the same producer
   * settings as {@link #produce}, and returns the end offset of each partition written to.
   */
  public static Map<TopicPartition, Long> produceBytes(
      EmbeddedConnectCluster connect, String topic, List<Map.Entry<byte[], byte[]>> records) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // As in produce(): order through one request in flight, not idempotence.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
      for (Map.Entry<byte[], byte[]> record : records) {
        sent.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
      }
      producer.flush();
      Map<TopicPartition, Long> ends = new HashMap<>();
      for (Future<RecordMetadata> future : sent) {
        RecordMetadata metadata = future.get(30, TimeUnit.SECONDS);
        ends.merge(
            new TopicPartition(metadata.topic(), metadata.partition()),
            metadata.offset() + 1,
            Math::max);
      }
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not produce to " + topic, e);
    }
  }

  /** The offset one past the last produced record of each partition. */
  public static Map<TopicPartition, Long> endOffsets(List<Produced> produced) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Produced record : produced) {
      ends.merge(record.partition(), record.offset() + 1, Math::max);
    }
    return ends;
  }

  /** The sink connector's committed offsets, read through the Connect REST API. */
  public static Map<TopicPartition, Long> committedOffsets(
      EmbeddedConnectCluster connect, String connector) {
    Map<TopicPartition, Long> committed = new HashMap<>();
    for (ConnectorOffset offset : connect.connectorOffsets(connector).offsets()) {
      TopicPartition partition =
          new TopicPartition(
              (String) offset.partition().get("kafka_topic"),
              ((Number) offset.partition().get("kafka_partition")).intValue());
      committed.put(partition, ((Number) offset.offset().get("kafka_offset")).longValue());
    }
    return committed;
  }

  /**
   * Waits until the connector has committed exactly the given offsets. The sink commits an offset
   * only once Elasticsearch acknowledged every record before it, so afterwards the index holds
   * every record up to there.
   */
  public static void awaitCommitted(
      EmbeddedConnectCluster connect,
      String connector,
      Map<TopicPartition, Long> expected,
      Duration timeout)
      throws InterruptedException {
    TestUtils.waitForCondition(
        () -> sameOffsets(committedOffsets(connect, connector), expected),
        timeout.toMillis(),
        () ->
            "Connector "
                + connector
                + " did not commit "
                + expected
                + "; committed: "
                + committedOffsets(connect, connector)
                + "; tasks: "
                + connect.connectorStatus(connector).tasks().stream()
                    .map(task -> task.id() + " " + task.state() + " " + task.trace())
                    .toList()
                + TaskThreads.describe(connector));
  }

  /** Equal, where a partition missing on one side counts as offset 0 (an empty partition). */
  private static boolean sameOffsets(
      Map<TopicPartition, Long> committed, Map<TopicPartition, Long> expected) {
    Map<TopicPartition, Long> all = new HashMap<>(committed);
    expected.forEach(all::putIfAbsent);
    return all.keySet().stream()
        .allMatch(p -> committed.getOrDefault(p, 0L).equals(expected.getOrDefault(p, 0L)));
  }
}
