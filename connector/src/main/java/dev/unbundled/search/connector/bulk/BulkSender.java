package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one bulk request with retries: a whole request that fails with a connection error, a
 * timeout or an overloaded status, and single items that Elasticsearch turned away as overloaded,
 * are tried again after a backoff. Every operation gets exactly one {@link Outcome}; the caller
 * decides what a failed item means for its record.
 *
 * @param <C> the caller's context for each operation, handed back in its outcome
 */
public final class BulkSender<C> {

  private static final Logger log = LoggerFactory.getLogger(BulkSender.class);

  private final BulkTransport transport;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;

  public BulkSender(BulkTransport transport, RetryPolicy retryPolicy, Sleeper sleeper) {
    this.transport = transport;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
  }

  /** The result of one operation, with the context it was added with. */
  public record Outcome<C>(C context, BulkItemResult result) {}

  /**
   * Sends the batch, retrying as the policy allows.
   *
   * @return one outcome per operation, in the order they were added
   * @throws BulkRetriesExhaustedException when the whole request kept failing
   * @throws IOException when Elasticsearch rejected the whole request for good (say, HTTP 400)
   */
  public List<Outcome<C>> send(BulkBatch<C> sending) throws IOException, InterruptedException {
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
        if (result.disposition() == BulkItemResult.Disposition.RETRIABLE
            && retry < retryPolicy.maxRetries()) {
          rejected.add(positions.get(i));
        } else {
          results[positions.get(i)] = result;
        }
      }
      if (rejected.isEmpty()) {
        break;
      }
      log.warn(
          "Elasticsearch turned away {} of {} operations as overloaded; retry {} of {}",
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
