package dev.unbundled.search.connector.lifecycle;

import dev.unbundled.search.connector.index.Phase;
import java.util.Map;

/** Told the outcome of every life-cycle check: for metrics. */
@FunctionalInterface
public interface LifecycleListener {

  LifecycleListener NONE = (phase, recordsBehind) -> {};

  /**
   * @param phase the phase of the connector's indexes
   * @param recordsBehind per topic, records between the committed offsets and the topic's end
   */
  void checked(Phase phase, Map<String, Long> recordsBehind);

  /** A snapshot sweep removed {@code removed} documents of {@code topic}'s indexes. */
  default void swept(String topic, long removed) {}

  /** The retention deleted {@code deleted} time buckets. */
  default void bucketsDeleted(int deleted) {}
}
