package dev.unbundled.search.it.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The Kafka side of a connector run without the engine's share: a consumer in the test JVM reads
 * the benchmark's topic and turns every value into Connect data with the {@code JsonConverter}, as
 * fast as a raw loader writes (its progress paces the reads). Run beside the raw loader it shows
 * what a busy neighbour costs the engine on this one machine, which a connector run always has and
 * the raw loader alone never: on shared cores its CPU (about a tenth of the raw loader's rate in
 * issue #29's runs); with a core each, nothing measurable per operation (docs/performance.md).
 *
 * <p>A lower estimate of a connector run's neighbour: the connector's own request building and
 * client I/O are not in it.
 */
final class SourceSideLoad implements AutoCloseable {

  private final Thread reader;
  private volatile boolean closed;
  private volatile long converted;

  /**
   * Starts reading {@code topic} from its start at {@code bootstrapServers}, keeping up with {@code
   * progress} (0 to 1: the share of the topic the raw loader has written).
   */
  SourceSideLoad(String bootstrapServers, BenchmarkTopic topic, DoubleSupplier progress) {
    long total = topic.offsets().length;
    reader =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
                List<TopicPartition> partitions = List.copyOf(topic.ends().keySet());
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                JsonConverter converter = new JsonConverter();
                converter.configure(Map.of("schemas.enable", "false"), false);
                while (!closed && converted < total) {
                  if (converted >= progress.getAsDouble() * total) {
                    Thread.sleep(2);
                    continue;
                  }
                  for (ConsumerRecord<byte[], byte[]> record :
                      consumer.poll(Duration.ofMillis(100))) {
                    converter.toConnectData(record.topic(), record.value());
                    converted++;
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "source-side-load");
    reader.setDaemon(true);
    reader.start();
  }

  /** How many records it has read and converted. */
  long converted() {
    return converted;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    reader.join(10_000);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }
}
