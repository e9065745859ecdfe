package dev.unbundled.search.connector.lifecycle;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.offset.CommitNote;
import dev.unbundled.search.connector.offset.CommittedOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures how far a sink connector is behind its topics: per partition, the end offset minus the
 * consumer group's committed offset (or the log start, before the first commit).
 *
 * <p>A partition whose last records are transaction markers never reaches its end offset by
 * committed offsets alone, because a sink commits the offset after its last data record and markers
 * are not delivered. So a small remaining gap is looked at with a read-committed consumer: if
 * nothing but markers (or aborted records) lies in it, the partition counts as caught up.
 */
public final class CatchUpCheck implements PositionSource, AutoCloseable {

  /** How long each question to Kafka may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final long LARGEST_GAP_TO_INSPECT = 1_000;

  private final Admin admin;
  private final Consumer<byte[], byte[]> consumer;
  private final String groupId;
  private final List<String> topics;
  private final Pattern topicsRegex;

  /**
   * @param topics the connector's {@code topics}, or empty when it uses {@code topics.regex}
   * @param topicsRegex the connector's {@code topics.regex}, or null
   */
  public CatchUpCheck(
      Admin admin,
      Consumer<byte[], byte[]> consumer,
      String groupId,
      List<String> topics,
      Pattern topicsRegex) {
    this.admin = admin;
    this.consumer = consumer;
    this.groupId = groupId;
    this.topics = topics;
    this.topicsRegex = topicsRegex;
  }

  /**
   * The check for a connector with configuration {@code props}: its consumer group (Connect's
   * default name, or {@code consumer.override.group.id}) and its topics, through the admin client
   * settings of {@code config}.
   */
  public static CatchUpCheck forConnector(SearchSinkConfig config, Map<String, String> props) {
    String name = props.get("name");
    String regex = props.get("topics.regex");
    return new CatchUpCheck(
        Admin.create(config.kafkaAdminConfig()),
        offsetReader(config, name),
        CommittedOffsets.groupId(props),
        topicList(props.get("topics")),
        regex == null || regex.isBlank() ? null : Pattern.compile(regex));
  }

  /**
   * Settings of a consumer that joins no group and commits nothing, reading committed records only,
   * through the connector's Kafka client settings.
   */
  public static Map<String, Object> readerConfig(SearchSinkConfig config, String clientId) {
    Map<String, Object> consumerConfig = new HashMap<>(config.kafkaAdminConfig());
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return consumerConfig;
  }

  /** A reader that only looks past transaction markers: one record per poll is enough. */
  private static KafkaConsumer<byte[], byte[]> offsetReader(SearchSinkConfig config, String name) {
    Map<String, Object> consumerConfig = readerConfig(config, "search-sink-lifecycle-" + name);
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    return new KafkaConsumer<>(
        consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static List<String> topicList(String topics) {
    if (topics == null || topics.isBlank()) {
      return List.of();
    }
    return Arrays.stream(topics.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
  }

  /**
   * Where the connector stands in one partition: the first offset still in the log, the committed
   * position (past any trailing transaction markers) and the partition's end; {@code note} is what
   * the task said with its commit, null when the commit holds none.
   */
  public record Position(long start, long committed, long end, CommitNote note) {

    public Position(long start, long committed, long end) {
      this(start, committed, end, null);
    }

    public long behind() {
      return Math.max(0, end - committed);
    }

    /** Records from the log start to the end: what a build from offset zero reads. */
    public long total() {
      return Math.max(0, end - start);
    }

    /** Records read so far, counted from the log start. */
    public long done() {
      return Math.max(0, Math.min(committed, end) - start);
    }
  }

  /** The position in every partition of every topic of the connector. */
  @Override
  public Map<TopicPartition, Position> positions()
      throws ExecutionException, InterruptedException, TimeoutException {
    List<TopicPartition> partitions = partitions();
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
    // Only the connector's partitions: a group may have committed offsets of other topics.
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(
                Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
            .partitionsToOffsetAndMetadata(groupId)
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, Position> positions = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata commit = committed.get(partition);
      long position = commit != null ? commit.offset() : starts.get(partition);
      long end = ends.get(partition);
      long behind = Math.max(0, end - position);
      if (behind > 0
          && behind <= LARGEST_GAP_TO_INSPECT
          && onlyMarkersBetween(partition, position, end)) {
        position = end;
      }
      CommitNote note = commit == null ? null : CommitNote.parse(commit.metadata()).orElse(null);
      positions.put(partition, new Position(starts.get(partition), position, end, note));
    }
    return positions;
  }

  private List<TopicPartition> partitions()
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> names =
        topics.isEmpty()
            ? admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(topic -> topicsRegex.matcher(topic).matches())
                .collect(Collectors.toSet())
            : Set.copyOf(topics);
    if (names.isEmpty()) {
      return List.of();
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicDescription description :
        admin
            .describeTopics(names)
            .allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .values()) {
      description
          .partitions()
          .forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition())));
    }
    return partitions;
  }

  /**
   * The high watermarks of {@code partitions}: their ends counting records of open transactions,
   * which a consumer reading uncommitted records may have consumed and committed past the end a
   * {@link #positions()} reports, but never past this one.
   */
  @Override
  public Map<TopicPartition, Long> highWatermarks(Set<TopicPartition> partitions)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    return admin
        .listOffsets(
            partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())),
            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
        .all()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  @Override
  public Map<TopicPartition, Long> firstOffsetsAfter(long timestamp, Set<TopicPartition> partitions)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    // Kafka answers -1 for a partition with no record at or after the time.
    return offsets(List.copyOf(partitions), OffsetSpec.forTimestamp(timestamp + 1));
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request =
        partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
    return admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /** Whether a read-committed consumer finds no record from {@code from} up to {@code end}. */
  private boolean onlyMarkersBetween(TopicPartition partition, long from, long end) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, from);
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
        return false;
      }
      if (consumer.position(partition) >= end) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
