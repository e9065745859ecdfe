package dev.unbundled.search.connector.offset;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that a topic was deleted and created again since an index was built from it, whenever it
 * happened: while the connector ran, or while it was stopped or failed. Each index records the id
 * of every topic it is built from (Kafka gives a topic a new id when it is created); a task
 * compares that with the topic's id now, once per index and topic after each assignment.
 */
public final class RecreatedTopicCheck {

  /**
   * The topic ids recorded by indexes: returns the recorded id, recording the current one if none.
   */
  @FunctionalInterface
  public interface Recorded {
    String recordedOrRecord(String index, String topic, String currentId) throws IOException;
  }

  /** An index built from an earlier topic of the same name. */
  public record Recreated(String index, String topic, String builtFromId, String currentId) {}

  private static final Logger log = LoggerFactory.getLogger(RecreatedTopicCheck.class);

  private final TopicIds topicIds;
  private final Recorded recorded;
  private final Map<String, String> currentIds = new HashMap<>();
  private final Set<String> checked = new HashSet<>();

  public RecreatedTopicCheck(TopicIds topicIds, Recorded recorded) {
    this.topicIds = topicIds;
    this.recorded = recorded;
  }

  /** Reads the current ids of the assigned partitions' topics; every pair is checked again. */
  public void assigned(Collection<TopicPartition> partitions) {
    Set<String> topics = partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet());
    topics.forEach(currentIds::remove);
    currentIds.putAll(topicIds.read(topics));
    checked.clear();
  }

  /**
   * Checks, the first time after an assignment, that {@code index} was built from the topic now
   * named {@code topic}. Nothing is known of a topic whose id could not be read, nor when the index
   * could not be read or written (a block on its metadata, say): that waits for the next assignment
   * rather than fail writes that may well be fine.
   */
  public Optional<Recreated> check(String index, String topic) {
    String currentId = currentIds.get(topic);
    if (currentId == null || !checked.add(index + '\u0000' + topic)) {
      return Optional.empty();
    }
    String builtFrom;
    try {
      builtFrom = recorded.recordedOrRecord(index, topic, currentId);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Could not read or record which topic '{}' index {} is built from; checked again at the"
              + " next assignment: {}",
          topic,
          index,
          e.toString());
      return Optional.empty();
    }
    if (builtFrom.equals(currentId)) {
      return Optional.empty();
    }
    // Fails again on the next record too, until the index or the topic changes.
    checked.remove(index + '\u0000' + topic);
    return Optional.of(new Recreated(index, topic, builtFrom, currentId));
  }
}
