package dev.unbundled.search.connector.bulk;

import java.util.List;

/**
 * Told what each bulk request did: for metrics and the adaptive concurrency limit. Called from the
 * threads that send requests.
 */
public interface BulkListener {

  /** A listener that ignores everything. */
  BulkListener NONE =
      new BulkListener() {
        @Override
        public void answered(int operations, int bytes, long latencyNanos) {}

        @Override
        public void retrying(int operations) {}
      };

  /** A listener that tells each of {@code listeners}, in order. */
  static BulkListener all(BulkListener... listeners) {
    List<BulkListener> all = List.of(listeners);
    return new BulkListener() {
      @Override
      public void answered(int operations, int bytes, long latencyNanos) {
        all.forEach(listener -> listener.answered(operations, bytes, latencyNanos));
      }

      @Override
      public void requestFailed(int operations) {
        all.forEach(listener -> listener.requestFailed(operations));
      }

      @Override
      public void retrying(int operations) {
        all.forEach(listener -> listener.retrying(operations));
      }
    };
  }

  /** Elasticsearch answered a request of {@code operations} operations and {@code bytes} bytes. */
  void answered(int operations, int bytes, long latencyNanos);

  /**
   * A whole request of {@code operations} operations got no answer, or an error answer for all of
   * it.
   */
  default void requestFailed(int operations) {}

  /** {@code operations} operations (a whole request, or items turned away) are tried again. */
  void retrying(int operations);
}
