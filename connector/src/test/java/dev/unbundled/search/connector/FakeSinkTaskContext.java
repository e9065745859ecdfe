package dev.unbundled.search.connector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a Connect worker gives a sink task, for unit tests: a dead-letter queue that keeps what it
 * is handed, a count of commit requests, and no plugin metrics (as on a worker before Kafka 4.1).
 */
final class FakeSinkTaskContext implements SinkTaskContext {

  /** A record handed to the dead-letter queue, with the error it was reported with. */
  record Reported(SinkRecord record, Throwable error) {}

  private final Map<String, String> configs;
  private final List<Reported> deadLetters = Collections.synchronizedList(new ArrayList<>());
  private int commitRequests;
  private Set<TopicPartition> assignment = Set.of();
  private final Set<TopicPartition> paused = new java.util.HashSet<>();
  private long timeoutMs = -1;

  FakeSinkTaskContext(Map<String, String> configs) {
    this.configs = configs;
  }

  List<Reported> deadLetters() {
    return List.copyOf(deadLetters);
  }

  int commitRequests() {
    return commitRequests;
  }

  @Override
  public Map<String, String> configs() {
    return configs;
  }

  @Override
  public void offset(Map<TopicPartition, Long> offsets) {}

  @Override
  public void offset(TopicPartition tp, long offset) {}

  /** A new assignment; as Connect does, a paused partition stays paused only if still assigned. */
  void assign(Set<TopicPartition> partitions) {
    assignment = Set.copyOf(partitions);
    paused.retainAll(partitions);
  }

  Set<TopicPartition> paused() {
    return Set.copyOf(paused);
  }

  /** The last timeout the task asked for, -1 if none. */
  long timeoutMs() {
    return timeoutMs;
  }

  @Override
  public void timeout(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Set<TopicPartition> assignment() {
    return assignment;
  }

  @Override
  public void pause(TopicPartition... partitions) {
    paused.addAll(List.of(partitions));
  }

  @Override
  public void resume(TopicPartition... partitions) {
    List.of(partitions).forEach(paused::remove);
  }

  @Override
  public void requestCommit() {
    commitRequests++;
  }

  @Override
  public ErrantRecordReporter errantRecordReporter() {
    return (record, error) -> {
      deadLetters.add(new Reported(record, error));
      return CompletableFuture.completedFuture(null);
    };
  }

  @Override
  public PluginMetrics pluginMetrics() {
    throw new UnsupportedOperationException("no plugin metrics in unit tests");
  }
}
