package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.RetryPolicy;
import dev.unbundled.search.connector.bulk.WriteStall;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies each record's index before the record is written: created when missing, its mapping
 * widened for the record's schema. An engine that cannot answer now is asked again later, without
 * holding the task: transient trouble (no answer, 429, 502-504) for as long as it lasts, counted in
 * the task's {@link WriteStall} (so {@code write.stall.timeout.ms} bounds it, and metrics and
 * {@code status} show it), server errors not known to heal {@code max.retries} times, a refusal
 * never.
 */
final class IndexPreparation {

  private static final Logger log = LoggerFactory.getLogger(IndexPreparation.class);

  /** How many indexes {@link #createAhead} creates at once. */
  private static final int AHEAD_THREADS = 8;

  /** Whether a record can be written now. */
  enum Readiness {
    READY,
    /** Nothing to write for the record: its failure (if it failed) has been handled. */
    SKIP,
    /** The engine cannot answer now: keep the record and ask again later. */
    NOT_NOW
  }

  private final IndexManager indexes;
  private final RetryPolicy retries;
  private final RecordFailures failures;
  private final WriteStall stall;
  private int attempts;
  private int serverErrors;
  private long notBeforeNanos;

  IndexPreparation(
      IndexManager indexes, RetryPolicy retries, RecordFailures failures, WriteStall stall) {
    this.indexes = indexes;
    this.retries = retries;
    this.failures = failures;
    this.stall = stall;
  }

  /**
   * Makes sure the record's index exists and can take its schema. {@link Readiness#SKIP} when it
   * cannot (a field's type changed beyond what the mapping holds); {@link Readiness#NOT_NOW} while
   * the engine cannot answer (Elasticsearch 9 also answers 429 when creating an index or updating a
   * mapping times out), until the backoff of {@code retry.backoff.ms} has passed: creating is
   * idempotent, so asking again is safe.
   *
   * @throws ConnectException when the index can never take the record: refused, owned elsewhere,
   *     lost, or server errors beyond {@code max.retries}
   */
  Readiness ensure(WriteTarget target, SinkRecord record) {
    if (attempts > 0 && System.nanoTime() - notBeforeNanos < 0) {
      return Readiness.NOT_NOW;
    }
    try {
      indexes.ensureExists(target, record.topic(), record.valueSchema());
      attempts = 0;
      serverErrors = 0;
      return Readiness.READY;
    } catch (MappingConflictException e) {
      failures.recordFailed(record, new DataException(e.getMessage(), e));
      return Readiness.SKIP;
    } catch (IndexOwnedElsewhereException
        | TopicsShareIndexException
        | IndexLostException
        | ShardsLostException e) {
      throw e;
    } catch (IOException e) {
      RetryPolicy.Kind kind = kind(e);
      boolean retriesSpent =
          kind == RetryPolicy.Kind.SERVER_ERROR && ++serverErrors > retries.maxRetries();
      if (kind == RetryPolicy.Kind.PERMANENT || retriesSpent) {
        throw cannotCreate(target, record, e, attempts + 1);
      }
      attempts++;
      stall.failed(e);
      Duration wait = retries.backoff(attempts);
      notBeforeNanos = System.nanoTime() + wait.toNanos();
      log.debug(
          "Cannot prepare index {} yet: {}; trying again in {} ms (attempt {})",
          target.index(),
          e.getMessage(),
          wait.toMillis(),
          attempts);
      return Readiness.NOT_NOW;
    } catch (RuntimeException e) {
      throw cannotCreate(target, record, e, attempts + 1);
    }
  }

  /**
   * Creates the indexes that {@code records} need and that were not readied yet, side by side, when
   * there are several: a rebuild of a bucketed topic meets a month of new time buckets in its first
   * batch, and creating them one by one in the task thread would hold its writes for one
   * cluster-state update each, where the engine batches updates that arrive together. Best effort:
   * whatever fails here is met again, with its record, by {@link #ensure}.
   *
   * @param targets a record's index, empty for a record that is not to be written (past the
   *     retention): its bucket must not be made
   */
  void createAhead(
      Collection<SinkRecord> records, Function<SinkRecord, Optional<WriteTarget>> targets) {
    Map<String, Target> distinct = new LinkedHashMap<>();
    for (SinkRecord record : records) {
      WriteTarget target;
      try {
        target = targets.apply(record).orElse(null);
      } catch (DataException noTarget) {
        continue; // Reported with its coordinates when its turn comes.
      }
      if (target != null && !indexes.knows(target, record.topic())) {
        distinct.putIfAbsent(target.index() + "\0" + record.topic(), new Target(target, record));
      }
    }
    if (distinct.size() < 2) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(distinct.size(), AHEAD_THREADS),
            runnable -> {
              Thread thread = new Thread(runnable, "index-creation");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> created = new ArrayList<>();
      for (Target target : distinct.values()) {
        created.add(
            pool.submit(
                () -> {
                  indexes.create(
                      target.target(), target.record().topic(), target.record().valueSchema());
                  return null;
                }));
      }
      for (Future<?> creation : created) {
        try {
          creation.get();
        } catch (ExecutionException e) {
          log.debug("Creating an index ahead failed; its record will try again", e.getCause());
        }
      }
      log.debug("Created or checked {} indexes side by side", distinct.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }

  /** A record and the index it goes to. */
  private record Target(WriteTarget target, SinkRecord record) {}

  /** No answer counts as transient; an answer as its status and error type say. */
  private static RetryPolicy.Kind kind(IOException e) {
    return e instanceof JsonRequests.ElasticsearchError refused
        ? RetryPolicy.kind(refused.status(), refused.type())
        : RetryPolicy.Kind.TRANSIENT;
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
                ? ". Look for the cause in the search engine's logs, then restart the task;"
                    + " raise '"
                    + WriteGroup.MAX_RETRIES
                    + "' to retry such errors longer."
                : ""),
        e);
  }
}
