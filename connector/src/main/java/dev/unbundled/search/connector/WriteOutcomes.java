package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.bulk.BulkSender;
import dev.unbundled.search.connector.bulk.BulkWriter;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.ShardsLostException;
import dev.unbundled.search.connector.metrics.TaskMetrics;
import java.util.Optional;

/** What each answered write means for its record, on the task's thread. */
final class WriteOutcomes {

  private final TaskMetrics metrics;
  private final RecordFailures failures;
  private final RecordedShardLosses<InFlight> shardLosses;
  private final IndexManager indexes;
  private final VersionConflicts conflicts;
  private final int maxRetries;
  private final String connectorName;

  WriteOutcomes(
      TaskMetrics metrics,
      RecordFailures failures,
      RecordedShardLosses<InFlight> shardLosses,
      IndexManager indexes,
      VersionConflicts conflicts,
      int maxRetries,
      String connectorName) {
    this.metrics = metrics;
    this.failures = failures;
    this.shardLosses = shardLosses;
    this.indexes = indexes;
    this.conflicts = conflicts;
    this.maxRetries = maxRetries;
    this.connectorName = connectorName;
  }

  /**
   * Applies a finished request's results: acknowledged records done, rejected ones reported as
   * their records' failures; anything that cannot heal thrown, failing the task.
   */
  void apply(BulkWriter.Completion<InFlight> completion) {
    if (completion.failure() != null) {
      throw WriteFailures.requestFailed(
          completion.contexts().stream().map(InFlight::record).toList(), completion.failure());
    }
    int written = 0;
    int conflicted = 0;
    for (BulkSender.Outcome<InFlight> outcome : completion.outcomes()) {
      BulkItemResult result = outcome.result();
      InFlight inFlight = outcome.context();
      switch (result.disposition()) {
        case SUCCESS -> {
          inFlight.pending().done();
          written++;
          if (result.isVersionConflict()) {
            conflicted++;
          }
        }
        case RECORD_FAILURE -> {
          metrics.itemRejected();
          failures.recordFailed(inFlight.record(), WriteFailures.rejected(result, connectorName));
          inFlight.pending().done();
        }
        case RETRIABLE -> {
          // Transient trouble is retried until it passes; only a write to a shard lost for good
          // comes back with it.
          Optional<ShardsLostException> lost = shardLosses.of(inFlight.index());
          if (lost.isPresent()) {
            throw lost.get();
          }
          throw WriteFailures.shardLost(inFlight.record(), result);
        }
        case SERVER_ERROR ->
            throw WriteFailures.serverErrors(inFlight.record(), result, maxRetries);
        case INDEX_GONE -> throw indexes.lost(inFlight.index(), inFlight.record().topic());
        case FATAL -> throw WriteFailures.refused(inFlight.record(), result);
      }
    }
    metrics.recordsWritten(written);
    if (conflicted > 0) {
      metrics.versionConflicts(conflicted);
    }
    conflicts.answered(completion.outcomes().size(), conflicted);
  }
}
