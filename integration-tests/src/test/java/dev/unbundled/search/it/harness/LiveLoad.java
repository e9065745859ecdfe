package dev.unbundled.search.it.harness;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * What applications do while a rebuild or a fault runs, in two threads until closed: changes keep
 * coming to a topic, and readers keep counting the documents behind its read alias, every 50 ms.
 */
public final class LiveLoad implements AutoCloseable {

  private static final Duration READ_EVERY = Duration.ofMillis(50);

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Long> counts = new CopyOnWriteArrayList<>();
  private final List<String> failedReads = new CopyOnWriteArrayList<>();
  private final Thread writer;
  private final Thread reader;

  private LiveLoad(Runnable write, Duration writeEvery, Elasticsearch elasticsearch, String alias) {
    writer = new Thread(() -> repeat(write, writeEvery), "live-writes-" + alias);
    reader =
        new Thread(
            () ->
                repeat(
                    () -> {
                      try {
                        counts.add(
                            elasticsearch.get("/" + alias + "/_count").path("count").asLong());
                      } catch (RuntimeException e) {
                        failedReads.add(e.getMessage());
                      }
                    },
                    READ_EVERY),
            "live-reads-" + alias);
    writer.start();
    reader.start();
  }

  /**
   * Starts writing {@code changes} random changes over {@code keys} keys to {@code topic} every
   * {@code writeEvery}, adding what it produced to {@code produced}, and reading through the alias
   * named after the topic.
   */
  public static LiveLoad start(
      EmbeddedConnectCluster connect,
      String topic,
      List<Kafka.Produced> produced,
      int keys,
      int changes,
      Duration writeEvery,
      Elasticsearch elasticsearch) {
    AtomicLong seed = new AtomicLong(1_000);
    return new LiveLoad(
        () ->
            produced.addAll(
                Kafka.produce(
                    connect, topic, ChangeLog.random(keys, changes, 10, seed.getAndIncrement()))),
        writeEvery,
        elasticsearch,
        topic);
  }

  private void repeat(Runnable step, Duration every) {
    while (running.get()) {
      step.run();
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The document counts readers saw, in order. */
  public List<Long> counts() {
    return List.copyOf(counts);
  }

  /** The fewest documents a reader saw; fails when none read. */
  public long fewestSeen() {
    return counts.stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  /** Why each read that failed failed. */
  public List<String> failedReads() {
    return List.copyOf(failedReads);
  }

  /** Stops writing and reading, and waits for both to end. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    writer.join();
    reader.join();
  }
}
