package dev.unbundled.search.tool.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.config.WriteMethod;
import dev.unbundled.search.connector.convert.RecordConverter;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a connector's topics from their start to their current end, the way its tasks would
 * (converters, transforms, the sink's id, version and delete rules), and keeps what the index
 * should hold: the latest write of every document.
 */
public final class TopicReplay {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration IDLE_LIMIT = Duration.ofSeconds(60);

  /**
   * What one document should be: its version (or null), a hash of its source (or null), its routing
   * (or null); or that it is deleted, kept while reading so that an older write of the document
   * read later does not bring it back.
   */
  record Expected(Long version, Integer sourceHash, String routing, boolean deleted) {
    Expected(Long version, Integer sourceHash) {
      this(version, sourceHash, null, false);
    }
  }

  /** What the topics say the indexes should hold. */
  public record Result(
      Map<String, Map<String, Expected>> documents,
      long records,
      long failed,
      List<String> failures,
      Map<TopicPartition, Long> ends) {}

  private final SearchSinkConfig config;
  private final Map<String, String> settings;
  private final RecordPipeline pipeline;

  public TopicReplay(
      SearchSinkConfig config, Map<String, String> settings, RecordPipeline pipeline) {
    this.config = config;
    this.settings = settings;
    this.pipeline = pipeline;
  }

  public Result read() throws IOException {
    RecordConverter converter =
        new RecordConverter(
            new IndexNames(config.indexNameFormat(), config.indexVersion()),
            RecordConverter.Settings.from(config));
    boolean compareSources = config.writeMethod() != WriteMethod.UPSERT;
    Map<String, Map<String, Expected>> documents = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long records = 0;
    long failed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long lastProgress = System.nanoTime();
      while (!reachedEnds(consumer, ends)) {
        var batch = consumer.poll(POLL);
        if (!batch.isEmpty()) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > IDLE_LIMIT.toNanos()) {
          throw new IOException("No records for " + IDLE_LIMIT.toSeconds() + " s before the end");
        }
        for (ConsumerRecord<byte[], byte[]> raw : batch) {
          if (raw.offset() >= ends.get(new TopicPartition(raw.topic(), raw.partition()))) {
            continue;
          }
          records++;
          try {
            Optional<SinkRecord> record = pipeline.apply(sinkRecord(raw));
            Optional<DocumentOperation> operation = record.flatMap(converter::convert);
            if (operation.isPresent()) {
              String index = converter.targetFor(record.get()).index();
              apply(
                  documents.computeIfAbsent(index, i -> new HashMap<>()),
                  operation.get(),
                  compareSources);
            }
          } catch (RuntimeException e) {
            failed++;
            if (failures.size() < 10) {
              failures.add(
                  "topic '"
                      + raw.topic()
                      + "' partition "
                      + raw.partition()
                      + " offset "
                      + raw.offset()
                      + ": "
                      + e.getMessage());
            }
          }
        }
      }
      documents.values().forEach(index -> index.values().removeIf(Expected::deleted));
      return new Result(documents, records, failed, failures, ends);
    }
  }

  private SinkRecord sinkRecord(ConsumerRecord<byte[], byte[]> raw) {
    SchemaAndValue key = pipeline.keyConverter().toConnectData(raw.topic(), raw.key());
    SchemaAndValue value = pipeline.valueConverter().toConnectData(raw.topic(), raw.value());
    ConnectHeaders headers = new ConnectHeaders();
    for (Header header : raw.headers()) {
      headers.add(
          header.key(),
          pipeline.headerConverter().toConnectHeader(raw.topic(), header.key(), header.value()));
    }
    return new SinkRecord(
        raw.topic(),
        raw.partition(),
        key.schema(),
        key.value(),
        value.schema(),
        value.value(),
        raw.offset(),
        raw.timestamp(),
        raw.timestampType(),
        headers);
  }

  /**
   * Applies a write to the model of one index as Elasticsearch would: with versions from the
   * records, a write older than the document's (or its delete's) version is turned down, whatever
   * order it is read in; otherwise the topic's order decides.
   */
  static void apply(Map<String, Expected> index, DocumentOperation op, boolean compareSources) {
    boolean byRecordVersion = op.versionType() == DocumentOperation.VersionType.EXTERNAL_GTE;
    if (byRecordVersion) {
      Expected current = index.get(op.id());
      if (current != null && current.version() > op.version()) {
        return;
      }
    }
    if (op.action() == DocumentOperation.Action.DELETE) {
      if (byRecordVersion) {
        index.put(op.id(), new Expected(op.version(), null, op.routing(), true));
      } else {
        index.remove(op.id());
      }
    } else {
      index.put(
          op.id(),
          new Expected(op.version(), compareSources ? sourceHash(op) : null, op.routing(), false));
    }
  }

  /** The hash of the source as a JSON tree: the same for the same content in any key order. */
  private static Integer sourceHash(DocumentOperation op) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
      try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
        op.source().writeTo(generator);
      }
      return JSON.readTree(bytes.toByteArray()).hashCode();
    } catch (IOException e) {
      throw new DataException("Cannot serialize the value: " + e.getMessage(), e);
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> consumerConfig = CatchUpCheck.readerConfig(config, "search-sink-verify");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return new KafkaConsumer<>(
        consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    String topics = settings.getOrDefault("topics", "");
    String regex = settings.get("topics.regex");
    List<String> names = new ArrayList<>();
    if (regex != null && !regex.isBlank()) {
      Pattern pattern = Pattern.compile(regex);
      consumer.listTopics().keySet().stream()
          .filter(t -> pattern.matcher(t).matches())
          .forEach(names::add);
    } else {
      for (String topic : topics.split(",")) {
        if (!topic.isBlank()) {
          names.add(topic.trim());
        }
      }
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : names) {
      for (PartitionInfo partition : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, partition.partition()));
      }
    }
    return partitions;
  }

  private static boolean reachedEnds(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }
}
