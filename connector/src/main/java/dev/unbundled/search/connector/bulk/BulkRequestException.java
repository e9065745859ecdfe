package dev.unbundled.search.connector.bulk;

import java.io.IOException;

/**
 * Elasticsearch answered a whole bulk request with an HTTP error status.
 *
 * @param errorType the answer's {@code error.type}, or {@code null} when it had none
 */
public final class BulkRequestException extends IOException {

  private final int status;
  private final String errorType;

  public BulkRequestException(int status, String message, Throwable cause) {
    this(status, null, message, cause);
  }

  public BulkRequestException(int status, String errorType, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorType = errorType;
  }

  public int status() {
    return status;
  }

  /** The answer's {@code error.type}, or {@code null}. */
  public String errorType() {
    return errorType;
  }
}
