package dev.unbundled.search.it.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToLongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The benchmark's topic in Kafka: where each record landed (partition and offset, kept in arrays
 * rather than objects so a million records cost 12 MB of heap), and where each partition ends.
 */
record BenchmarkTopic(
    String name, int[] partitions, long[] offsets, Map<TopicPartition, Long> ends) {

  /** Produces the records in order into a new topic and waits until all are acknowledged. */
  static BenchmarkTopic produce(
      EmbeddedConnectCluster connect, String name, int partitionCount, BenchmarkRecords records) {
    return produce(connect, name, partitionCount, records, null);
  }

  /**
   * As {@link #produce(EmbeddedConnectCluster, String, int, BenchmarkRecords)}, the record at
   * position {@code i} with the timestamp {@code timestamps.applyAsLong(i)} (null: the producer's
   * clock), in a topic that keeps records of any age.
   */
  static BenchmarkTopic produce(
      EmbeddedConnectCluster connect,
      String name,
      int partitionCount,
      BenchmarkRecords records,
      IntToLongFunction timestamps) {
    connect.kafka().createTopic(name, partitionCount, 1, Map.of("retention.ms", "-1"));
    int[] partitions = new int[records.count()];
    long[] offsets = new long[records.count()];
    AtomicReference<Exception> failure = new AtomicReference<>();
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // As in the harness: one request in flight keeps the order without idempotence.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      int i = 0;
      for (BenchmarkRecords.Record record : records) {
        int position = i++;
        producer.send(
            new ProducerRecord<>(
                name,
                null,
                timestamps == null ? null : timestamps.applyAsLong(position),
                record.key(),
                record.value()),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              } else {
                partitions[position] = metadata.partition();
                offsets[position] = metadata.offset();
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Could not produce to " + name, failure.get());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (int i = 0; i < offsets.length; i++) {
      ends.merge(new TopicPartition(name, partitions[i]), offsets[i] + 1, Math::max);
    }
    return new BenchmarkTopic(name, partitions, offsets, ends);
  }
}
