package dev.unbundled.search.it.benchmark;

import java.util.List;
import java.util.Map;

/**
 * The test JVM's thread CPU of one run, by what the threads do, from their names.
 *
 * <ul>
 *   <li>Task threads: Connect's {@code task-thread-<connector>-<n>}, which poll the consumer, run
 *       the converter and the connector's {@code put} (records to bulk requests). Which part of
 *       their time goes where takes a profile ({@code -Dbenchmark.jfr=true} and {@code
 *       JfrSummary}).
 *   <li>The connector's own threads: bulk senders and linger timers ({@code search-sink-*}), the
 *       life-cycle check, the Elasticsearch client's I/O threads.
 *   <li>The Kafka broker serving the fetches and commits.
 * </ul>
 *
 * <p>GC and JIT threads are native and counted apart ({@link ResourceMeter}); what is left (the
 * worker's herder and offset commits, the benchmark's own polling) is "other".
 *
 * @param taskThreads nanoseconds
 * @param pluginThreads nanoseconds
 * @param broker nanoseconds
 */
record CpuCauses(long taskThreads, long pluginThreads, long broker) {

  private static final List<String> PLUGIN_THREADS =
      List.of("search-sink-", "elasticsearch-rest-client-");

  /** Kafka 4's broker and controller threads, as the embedded cluster names them. */
  private static final List<String> BROKER_THREADS =
      List.of(
          "data-plane-kafka-",
          "kafka-request-handler",
          "kafka-network-thread",
          "broker-",
          "controller-",
          "kafka-",
          "raft-",
          "ExpirationReaper",
          "group-coordinator",
          "share-coordinator",
          "transaction-coordinator",
          "ReplicaFetcherThread",
          "LogDirFailureHandler",
          "quorum-controller",
          "kafka-scheduler");

  static CpuCauses of(Map<String, Long> cpuByThread, String connector) {
    long task = 0;
    long plugin = 0;
    long broker = 0;
    for (Map.Entry<String, Long> thread : cpuByThread.entrySet()) {
      String name = thread.getKey();
      if (name.startsWith("task-thread-" + connector)) {
        task += thread.getValue();
      } else if (name.contains(connector) || PLUGIN_THREADS.stream().anyMatch(name::startsWith)) {
        plugin += thread.getValue();
      } else if (BROKER_THREADS.stream().anyMatch(name::startsWith)) {
        broker += thread.getValue();
      }
    }
    return new CpuCauses(task, plugin, broker);
  }
}
