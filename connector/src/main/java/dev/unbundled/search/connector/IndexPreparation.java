package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.RetryPolicy;
import dev.unbundled.search.connector.bulk.Sleeper;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.config.WriteGroup;
import dev.unbundled.search.connector.index.IndexLostException;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.IndexOwnedElsewhereException;
import dev.unbundled.search.connector.index.MappingConflictException;
import dev.unbundled.search.connector.index.ShardsLostException;
import dev.unbundled.search.connector.index.TopicsShareIndexException;
import dev.unbundled.search.connector.index.WriteTarget;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies each record's index before the record is written: created when missing, its mapping
 * widened for the record's schema, asked again while the engine cannot answer now.
 */
final class IndexPreparation {

  private static final Logger log = LoggerFactory.getLogger(IndexPreparation.class);

  private final IndexManager indexes;
  private final RetryPolicy retries;
  private final RecordFailures failures;

  IndexPreparation(IndexManager indexes, RetryPolicy retries, RecordFailures failures) {
    this.indexes = indexes;
    this.retries = retries;
    this.failures = failures;
  }

  /**
   * Makes sure the record's index exists and can take its schema; false when it cannot (a field's
   * type changed beyond what the mapping holds), once the record's failure has been handled. An
   * engine that does not answer, or answers that it cannot now (429, 502-504: Elasticsearch 9
   * answers 429 when creating an index or updating a mapping times out), is asked again with the
   * writes' backoff ({@code max.retries}, {@code retry.backoff.ms}): creating is idempotent.
   */
  boolean ensure(WriteTarget target, SinkRecord record) {
    for (int retry = 1; ; retry++) {
      try {
        indexes.ensureExists(target, record.topic(), record.valueSchema());
        return true;
      } catch (MappingConflictException e) {
        failures.recordFailed(record, new DataException(e.getMessage(), e));
        return false;
      } catch (IndexOwnedElsewhereException
          | TopicsShareIndexException
          | IndexLostException
          | ShardsLostException e) {
        throw e;
      } catch (IOException e) {
        if (retry > retries.maxRetries() || !transientTrouble(e)) {
          throw cannotCreate(target, record, e, retry);
        }
        Duration wait = retries.backoff(retry);
        log.warn(
            "Cannot prepare index {} yet: {}; trying again in {} ms (retry {} of {})",
            target.index(),
            e.getMessage(),
            wait.toMillis(),
            retry,
            retries.maxRetries());
        try {
          Sleeper.SYSTEM.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ConnectException("Interrupted while preparing index " + target.index(), e);
        }
      } catch (RuntimeException e) {
        throw cannotCreate(target, record, e, retry);
      }
    }
  }

  /** No answer, or an answer that says "not now" or "server error"; a refusal is final. */
  private static boolean transientTrouble(IOException e) {
    return !(e instanceof JsonRequests.ElasticsearchError refused)
        || RetryPolicy.kind(refused.status(), refused.type()) != RetryPolicy.Kind.PERMANENT;
  }

  private static ConnectException cannotCreate(
      WriteTarget target, SinkRecord record, Exception e, int attempts) {
    return new ConnectException(
        "Cannot create index '"
            + target.index()
            + "' for "
            + Coordinates.of(record)
            + (attempts > 1 ? " (" + attempts + " attempts)" : "")
            + ": "
            + e.getMessage()
            + (attempts > 1
                ? ". Raise '"
                    + WriteGroup.MAX_RETRIES
                    + "' or '"
                    + WriteGroup.RETRY_BACKOFF_MS
                    + "' to ride out longer outages."
                : ""),
        e);
  }
}
