package dev.unbundled.search.connector.bulk;

/** Told what each bulk request did: for metrics. Called from the threads that send requests. */
public interface BulkListener {

  /** A listener that ignores everything. */
  BulkListener NONE =
      new BulkListener() {
        @Override
        public void answered(int operations, int bytes, long latencyNanos) {}

        @Override
        public void retrying(int operations) {}
      };

  /** Elasticsearch answered a request of {@code operations} operations and {@code bytes} bytes. */
  void answered(int operations, int bytes, long latencyNanos);

  /** {@code operations} operations (a whole request, or items turned away) are tried again. */
  void retrying(int operations);
}
