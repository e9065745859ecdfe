package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects operations into bulk requests bounded by count and bytes, and sends a request with
 * retries: whole requests that fail with a connection error, a timeout or an overloaded status, and
 * single items that Elasticsearch turned away with 429, are tried again after a backoff.
 *
 * <p>Every operation sent gets exactly one {@link Outcome}; the caller decides what a failed item
 * means for its record.
 *
 * @param <C> the caller's context for each operation, handed back in its outcome
 */
public final class BulkWriter<C> {

  private static final Logger log = LoggerFactory.getLogger(BulkWriter.class);

  private final BulkTransport transport;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final int maxOperations;
  private final int maxBytes;
  private BulkBatch<C> batch = new BulkBatch<>();

  public BulkWriter(
      BulkTransport transport,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      int maxOperations,
      int maxBytes) {
    this.transport = transport;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.maxOperations = maxOperations;
    this.maxBytes = maxBytes;
  }

  /** The result of one operation, with the context it was added with. */
  public record Outcome<C>(C context, BulkItemResult result) {}

  /**
   * Adds an operation to the current request.
   *
   * @throws IOException when the operation's source cannot be serialized; nothing was added
   */
  public void add(DocumentOperation operation, C context) throws IOException {
    batch.add(operation, context);
  }

  /** Whether the current request has reached its count or byte limit and should be sent. */
  public boolean isFull() {
    return batch.size() >= maxOperations || batch.sizeInBytes() >= maxBytes;
  }

  public boolean isEmpty() {
    return batch.isEmpty();
  }

  /** The operations added but not sent yet. */
  public int pendingOperations() {
    return batch.size();
  }

  /**
   * Sends the current request, retrying as the policy allows, and starts a new one.
   *
   * @return one outcome per operation, in the order they were added
   * @throws BulkRetriesExhaustedException when the whole request kept failing
   * @throws IOException when Elasticsearch rejected the whole request for good (say, HTTP 400)
   */
  public List<Outcome<C>> send() throws IOException, InterruptedException {
    BulkBatch<C> sending = batch;
    batch = new BulkBatch<>();
    if (sending.isEmpty()) {
      return List.of();
    }
    BulkItemResult[] results = new BulkItemResult[sending.size()];
    List<Integer> positions = IntStream.range(0, sending.size()).boxed().toList();
    BulkBatch<C> attempt = sending;
    for (int retry = 0; ; retry++) {
      List<BulkItemResult> answered;
      try {
        answered = transport.send(attempt.bodyBytes(), attempt.sizeInBytes(), attempt.size());
      } catch (IOException e) {
        if (!retryPolicy.isRetriable(e)) {
          throw e;
        }
        if (retry >= retryPolicy.maxRetries()) {
          throw new BulkRetriesExhaustedException(retry + 1, e);
        }
        log.warn(
            "Bulk request of {} operations failed ({}); retry {} of {}",
            attempt.size(),
            e.getMessage(),
            retry + 1,
            retryPolicy.maxRetries());
        sleeper.sleep(retryPolicy.backoff(retry + 1));
        continue;
      }
      List<Integer> rejected = new ArrayList<>();
      for (int i = 0; i < answered.size(); i++) {
        BulkItemResult result = answered.get(i);
        if (result.status() == 429 && retry < retryPolicy.maxRetries()) {
          rejected.add(positions.get(i));
        } else {
          results[positions.get(i)] = result;
        }
      }
      if (rejected.isEmpty()) {
        break;
      }
      log.warn(
          "Elasticsearch turned away {} of {} operations with 429; retry {} of {}",
          rejected.size(),
          attempt.size(),
          retry + 1,
          retryPolicy.maxRetries());
      sleeper.sleep(retryPolicy.backoff(retry + 1));
      positions = rejected;
      attempt = sending.select(rejected);
    }
    List<C> contexts = sending.contexts();
    List<Outcome<C>> outcomes = new ArrayList<>(results.length);
    for (int i = 0; i < results.length; i++) {
      outcomes.add(new Outcome<>(contexts.get(i), results[i]));
    }
    return outcomes;
  }
}
