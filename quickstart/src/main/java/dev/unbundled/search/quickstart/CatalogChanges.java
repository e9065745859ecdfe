package dev.unbundled.search.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The change log of a product catalogue table, as Debezium writes it (schemaless JSON, or Avro
 * through a schema registry): a snapshot read of every row, then updates and deletes. Keys are
 * {@code {"id": n}}.
 */
final class CatalogChanges implements AutoCloseable {

  /** How keys and change events become message bytes. */
  interface EventFormat {
    byte[] key(int id);

    /**
     * A change event ({@code before}, {@code after}, {@code op}, {@code ts_ms}, {@code source}).
     */
    byte[] event(ObjectNode event);
  }

  /** Schemaless JSON, as Debezium's JsonConverter writes it with schemas disabled. */
  static final EventFormat JSON_FORMAT =
      new EventFormat() {
        @Override
        public byte[] key(int id) {
          return ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] event(ObjectNode event) {
          return event.toString().getBytes(StandardCharsets.UTF_8);
        }
      };

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] WORDS = {
    "lamp", "desk", "chair", "oak", "steel", "linen", "cotton", "walnut", "glass", "brass",
    "sofa", "rug", "shelf", "mirror", "vase", "clock", "stool", "bench", "pillow", "basket"
  };
  private static final String[] COLORS = {"red", "blue", "green", "black", "white", "teal"};
  private static final String[] CATEGORIES = {"living", "office", "kitchen", "garden", "bedroom"};

  private final String topic;
  private final EventFormat format;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Random random = new Random(2026);
  private long lsn;

  CatalogChanges(String bootstrapServers, String topic, EventFormat format) {
    this.topic = topic;
    this.format = format;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** A snapshot read of rows {@code 1..rows}. */
  void snapshot(int rows) {
    for (int id = 1; id <= rows; id++) {
      send(id, "r", row(id, 0));
    }
    producer.flush();
  }

  /** Random updates (and about one delete in {@code deleteOneIn}) over rows {@code 1..rows}. */
  void changes(int rows, int count, int deleteOneIn) {
    for (int i = 0; i < count; i++) {
      int id = 1 + random.nextInt(rows);
      if (random.nextInt(deleteOneIn) == 0) {
        send(id, "d", null);
        producer.send(new ProducerRecord<>(topic, format.key(id), null));
      } else {
        send(id, "u", row(id, 1 + random.nextInt(1_000)));
      }
    }
    producer.flush();
  }

  private void send(int id, String op, ObjectNode after) {
    ObjectNode event = JSON.createObjectNode();
    event.putNull("before");
    event.set("after", after);
    event.put("op", op);
    event.put("ts_ms", System.currentTimeMillis());
    event.putObject("source").put("table", "products").put("lsn", lsn++);
    producer.send(new ProducerRecord<>(topic, format.key(id), format.event(event)));
  }

  private ObjectNode row(int id, int revision) {
    Random words = new Random(id * 31L + revision);
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("sku", "SKU-" + id);
    row.put("title", sentence(words, 3) + " " + id);
    row.put("description", sentence(words, 14));
    row.put("category", CATEGORIES[words.nextInt(CATEGORIES.length)]);
    row.put("color", COLORS[words.nextInt(COLORS.length)]);
    row.put("price", Math.round(words.nextDouble() * 50_000) / 100.0);
    row.put("stock", words.nextInt(500));
    row.put("revision", revision);
    return row;
  }

  private static String sentence(Random random, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
