package dev.unbundled.search.connector.bulk;

import java.io.IOException;

/** A bulk request kept failing with retriable errors until the retries ran out. */
public final class BulkRetriesExhaustedException extends IOException {

  private final int attempts;

  public BulkRetriesExhaustedException(int attempts, IOException lastFailure) {
    super(
        "Bulk request failed "
            + attempts
            + (attempts == 1 ? " time" : " times")
            + "; last failure: "
            + lastFailure.getMessage(),
        lastFailure);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }
}
