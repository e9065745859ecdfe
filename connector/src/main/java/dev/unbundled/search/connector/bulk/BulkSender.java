package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one bulk request with retries: a whole request that fails with a connection error, a
 * timeout or an overloaded status, and single items that Elasticsearch turned away as overloaded or
 * blocked, are tried again after a backoff for as long as that lasts ({@link RetryPolicy}); only
 * the items turned away are sent again. Items whose shard had no active copy are tried again too,
 * unless the caller's {@link ShardRetryCheck} knows that shard is lost for good. Server errors not
 * known to heal are tried again up to the policy's {@code maxRetries}. Every attempt is told to the
 * task's {@link WriteStall}. Every operation gets exactly one {@link Outcome}; the caller decides
 * what a failed item means for its record.
 *
 * @param <C> the caller's context for each operation, handed back in its outcome
 */
public final class BulkSender<C> {

  private static final Logger log = LoggerFactory.getLogger(BulkSender.class);

  private final BulkTransport transport;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final BulkListener listener;
  private final ShardRetryCheck<C> shardCheck;
  private final RetryStorm storm = new RetryStorm(Duration.ofMinutes(5));
  private final WriteStall stall;

  public BulkSender(BulkTransport transport, RetryPolicy retryPolicy, Sleeper sleeper) {
    this(transport, retryPolicy, sleeper, BulkListener.NONE);
  }

  public BulkSender(
      BulkTransport transport, RetryPolicy retryPolicy, Sleeper sleeper, BulkListener listener) {
    this(transport, retryPolicy, sleeper, listener, ShardRetryCheck.never());
  }

  public BulkSender(
      BulkTransport transport,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      BulkListener listener,
      ShardRetryCheck<C> shardCheck) {
    this(transport, retryPolicy, sleeper, listener, shardCheck, new WriteStall());
  }

  public BulkSender(
      BulkTransport transport,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      BulkListener listener,
      ShardRetryCheck<C> shardCheck,
      WriteStall stall) {
    this.transport = transport;
    this.stall = stall;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.listener = listener;
    this.shardCheck = shardCheck;
  }

  /** The result of one operation, with the context it was added with. */
  public record Outcome<C>(C context, BulkItemResult result) {}

  /**
   * Sends the batch, retrying as the policy allows. A request Elasticsearch finds too large (HTTP
   * 413, over its {@code http.max_content_length}) is split in halves until the parts fit; a single
   * document that is too large on its own gets a failed outcome of its own.
   *
   * @return one outcome per operation, in the order they were added
   * @throws BulkRetriesExhaustedException when the whole request kept failing with server errors
   * @throws IOException when Elasticsearch rejected the whole request for good (say, HTTP 400)
   */
  public List<Outcome<C>> send(BulkBatch<C> sending) throws IOException, InterruptedException {
    if (sending.isEmpty()) {
      return List.of();
    }
    BulkItemResult[] results = new BulkItemResult[sending.size()];
    sendPart(sending, IntStream.range(0, sending.size()).boxed().toList(), results);
    List<C> contexts = sending.contexts();
    List<Outcome<C>> outcomes = new ArrayList<>(results.length);
    for (int i = 0; i < results.length; i++) {
      outcomes.add(new Outcome<>(contexts.get(i), results[i]));
    }
    return outcomes;
  }

  /** Sends the operations at {@code positions} of the batch, filling in their results. */
  private void sendPart(BulkBatch<C> sending, List<Integer> positions, BulkItemResult[] results)
      throws IOException, InterruptedException {
    BulkBatch<C> attempt = positions.size() == sending.size() ? sending : sending.select(positions);
    int serverErrors = 0;
    boolean retrying = false;
    try {
      for (int retry = 0; ; retry++) {
        if (retry > 0 && !retrying) {
          retrying = true;
          stall.retryStarted();
        }
        List<BulkItemResult> answered;
        long started = System.nanoTime();
        try {
          answered = transport.send(attempt.bodyBytes(), attempt.sizeInBytes(), attempt.size());
          listener.answered(attempt.size(), attempt.sizeInBytes(), System.nanoTime() - started);
        } catch (BulkRequestException e) {
          if (e.status() != 413) {
            serverErrors = waitOrThrow(e, retry, serverErrors, attempt);
            continue;
          }
          if (positions.size() == 1) {
            results[positions.get(0)] = BulkItemResult.TOO_LARGE;
            stall.acknowledged();
            return;
          }
          log.info(
              "A bulk request of {} operations ({} bytes) is over the search engine's size limit;"
                  + " sending it in two halves",
              attempt.size(),
              attempt.sizeInBytes());
          int half = positions.size() / 2;
          sendPart(sending, positions.subList(0, half), results);
          sendPart(sending, positions.subList(half, positions.size()), results);
          return;
        } catch (IOException e) {
          if (Thread.currentThread().isInterrupted()) {
            // The writer is closing: no failure of the search engine's to count or warn about.
            throw new InterruptedException("Interrupted while sending a bulk request");
          }
          serverErrors = waitOrThrow(e, retry, serverErrors, attempt);
          continue;
        }
        // Every answer is kept as the operation's result; a retry's answer replaces it.
        List<Integer> rejected = new ArrayList<>();
        BulkItemResult firstRejected = null;
        boolean serverError = false;
        for (int i = 0; i < answered.size(); i++) {
          BulkItemResult result = answered.get(i);
          results[positions.get(i)] = result;
          BulkItemResult.Disposition disposition = result.disposition();
          boolean again =
              disposition == BulkItemResult.Disposition.RETRIABLE
                  || disposition == BulkItemResult.Disposition.SERVER_ERROR
                      && serverErrors < retryPolicy.maxRetries();
          if (again) {
            rejected.add(positions.get(i));
            firstRejected = firstRejected == null ? result : firstRejected;
            serverError |= disposition == BulkItemResult.Disposition.SERVER_ERROR;
          }
        }
        if (rejected.size() < answered.size()) {
          // Some writes went through: whatever else happens, the cluster takes writes.
          stall.acknowledged();
        }
        rejected = withoutLostShards(rejected, sending.contexts(), results);
        if (rejected.isEmpty()) {
          storm.succeeded();
          return;
        }
        if (serverError) {
          serverErrors++;
        }
        if (rejected.size() < answered.size()) {
          storm.retrying(
              "it turned away " + rejected.size() + " of " + attempt.size() + " operations",
              firstRejected.describe());
        } else {
          stall.failed(firstRejected.errorClass(), firstRejected.describe());
        }
        listener.retrying(rejected.size());
        sleeper.sleep(retryPolicy.backoff(retry + 1));
        positions = rejected;
        attempt = sending.select(rejected);
      }
    } finally {
      if (retrying) {
        stall.retryEnded();
      }
    }
  }

  /**
   * The operations of {@code rejected} to try again: all but those whose shard had no active copy
   * and, as the caller's check says, never will. Those keep their failed result.
   */
  private List<Integer> withoutLostShards(
      List<Integer> rejected, List<C> contexts, BulkItemResult[] results) {
    List<C> waiting =
        rejected.stream()
            .filter(position -> results[position].isShardUnavailable())
            .map(contexts::get)
            .toList();
    if (waiting.isEmpty()) {
      return rejected;
    }
    Predicate<C> lost;
    try {
      lost = shardCheck.lostForGood(waiting);
    } catch (IOException e) {
      log.debug(
          "Could not find out whether unavailable shards are lost; retrying: {}", e.toString());
      return rejected;
    }
    List<Integer> retrying = new ArrayList<>();
    BulkItemResult firstLost = null;
    for (int position : rejected) {
      if (results[position].isShardUnavailable() && lost.test(contexts.get(position))) {
        firstLost = firstLost == null ? results[position] : firstLost;
      } else {
        retrying.add(position);
      }
    }
    if (firstLost != null) {
      log.warn(
          "Not retrying {} operations: their shard is lost for good ({})",
          rejected.size() - retrying.size(),
          firstLost.describe());
    }
    return retrying;
  }

  /**
   * Waits before the next try of a failed request, or throws when it must not be tried again: a
   * transient failure is tried again for as long as it lasts, a server error {@code maxRetries}
   * times, anything else never.
   *
   * @return the server errors counted so far
   */
  private int waitOrThrow(IOException failure, int retry, int serverErrors, BulkBatch<C> attempt)
      throws IOException, InterruptedException {
    switch (RetryPolicy.kind(failure)) {
      case PERMANENT -> throw failure;
      case SERVER_ERROR -> {
        if (serverErrors >= retryPolicy.maxRetries()) {
          throw new BulkRetriesExhaustedException(serverErrors + 1, failure);
        }
        serverErrors++;
      }
      case TRANSIENT -> {}
    }
    stall.failed(failure);
    listener.requestFailed(attempt.size());
    listener.retrying(attempt.size());
    sleeper.sleep(retryPolicy.backoff(retry + 1));
    return serverErrors;
  }
}
