package dev.unbundled.search.connector.offset;

import dev.unbundled.search.connector.config.DocumentVersion;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's guard against offsets that went backwards under it: a topic deleted and created again,
 * or a leader that lost records. Under offset versions that would make Elasticsearch turn every new
 * record down as older than what the index holds, silently, so the guard fails the task, before the
 * record is tracked or written (nothing past what was indexed gets committed). Under versions from
 * the records, or none, the index stays right, and the guard only warns.
 *
 * <p>It combines the task's two views: {@link OffsetRewindCheck} (records below the committed or
 * last seen offset) and {@link RecreatedTopicCheck} (an index built from an earlier topic of the
 * same name, which also catches what happened while no task ran).
 */
public final class RewindGuard {

  private static final Logger log = LoggerFactory.getLogger(RewindGuard.class);

  private final DocumentVersion version;
  private final CommittedOffsets committedOffsets;
  private final RecreatedTopicCheck recreatedTopics;

  /** Who to name in the failure; null for a guard that only warns. */
  private final OffsetsWentBackwardsException.Context context;

  private final OffsetRewindCheck rewinds = new OffsetRewindCheck();

  private RewindGuard(
      DocumentVersion version,
      CommittedOffsets committedOffsets,
      RecreatedTopicCheck recreatedTopics,
      OffsetsWentBackwardsException.Context context) {
    this.version = version;
    this.committedOffsets = committedOffsets;
    this.recreatedTopics = recreatedTopics;
    this.context = context;
  }

  /** For writes versioned by offset: fails the task on a rewind, or on a re-created topic. */
  public static RewindGuard failing(
      CommittedOffsets committedOffsets,
      RecreatedTopicCheck recreatedTopics,
      OffsetsWentBackwardsException.Context context) {
    return new RewindGuard(DocumentVersion.OFFSET, committedOffsets, recreatedTopics, context);
  }

  /** For writes versioned from the records, or not at all: warns of a rewind, and goes on. */
  public static RewindGuard warning(DocumentVersion version) {
    if (version.source() == DocumentVersion.Source.OFFSET) {
      throw new IllegalArgumentException("Offset versions need the failing guard");
    }
    return new RewindGuard(
        version,
        CommittedOffsets.NONE,
        new RecreatedTopicCheck(topics -> Map.of(), (index, topic, id) -> id),
        null);
  }

  /** The task was given {@code partitions}. */
  public void assigned(Collection<TopicPartition> partitions) {
    rewinds.assigned(partitions, committedOffsets.read(partitions));
    recreatedTopics.assigned(partitions);
  }

  /** The task no longer owns {@code partitions}. */
  public void revoked(Collection<TopicPartition> partitions) {
    rewinds.revoked(partitions);
  }

  /** The task reported these offsets for committing. */
  public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    rewinds.committed(offsets);
  }

  /**
   * Called with each record's original partition and offset, before the record is tracked.
   *
   * @throws OffsetsWentBackwardsException when the offsets went backwards under offset versions
   */
  public void beforeRecord(TopicPartition partition, long offset) {
    Optional<OffsetRewindCheck.Rewind> rewind = rewinds.check(partition, offset);
    if (rewind.isEmpty()) {
      return;
    }
    if (version.source() == DocumentVersion.Source.OFFSET) {
      throw OffsetsWentBackwardsException.rewound(rewind.get(), context);
    }
    log.warn(
        "The offsets of topic '{}' partition {} went backwards (committed {}, now {}): the topic"
            + " was re-created or its leader lost records. Writes are versioned by {}, so the index"
            + " still ends with the newest state{}",
        partition.topic(),
        partition.partition(),
        rewind.get().committed(),
        rewind.get().offset(),
        version,
        version.isExternal()
            ? "."
            : " of each key the topic holds; documents of keys it no longer holds stay.");
    rewinds.accepted(rewind.get());
  }

  /**
   * Called before a record of {@code topic} (its original topic) is written to {@code index}.
   *
   * @throws OffsetsWentBackwardsException when the index was built from an earlier topic of that
   *     name, under offset versions
   */
  public void beforeWrite(String index, String topic) {
    Optional<RecreatedTopicCheck.Recreated> recreated = recreatedTopics.check(index, topic);
    if (recreated.isPresent()) {
      throw OffsetsWentBackwardsException.recreated(recreated.get(), context);
    }
  }
}
