package dev.unbundled.search.connector.offset;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the ids Kafka gave topics when they were created: a re-created topic has a new one. */
@FunctionalInterface
public interface TopicIds {

  /** The ids of {@code topics} that exist and could be read, by topic name. */
  Map<String, String> read(Collection<String> topics);

  /** Reads through an admin client, waiting at most {@code timeout}. */
  static TopicIds of(Admin admin, Duration timeout) {
    Logger log = LoggerFactory.getLogger(TopicIds.class);
    return topics -> {
      if (topics.isEmpty()) {
        return Map.of();
      }
      try {
        Map<String, String> ids = new HashMap<>();
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .forEach((name, description) -> ids.put(name, description.topicId().toString()));
        return ids;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Map.of();
      } catch (ExecutionException | TimeoutException e) {
        log.warn(
            "Could not read the ids of topics {}: a topic re-created under an index is noticed"
                + " from its offsets only ({})",
            topics,
            e.toString());
        return Map.of();
      }
    };
  }
}
