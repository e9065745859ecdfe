package dev.unbundled.search.connector.offset;

import java.util.Collection;
import java.util.Map;

/** Reads the ids Kafka gave topics when they were created: a re-created topic has a new one. */
@FunctionalInterface
public interface TopicIds {

  /** The ids of {@code topics} that exist and could be read, by topic name. */
  Map<String, String> read(Collection<String> topics);
}
