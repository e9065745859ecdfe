package dev.unbundled.search.connector.bulk;

import java.io.IOException;

/** Elasticsearch answered a whole bulk request with an HTTP error status. */
public final class BulkRequestException extends IOException {

  private final int status;

  public BulkRequestException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
