package dev.unbundled.search.connector.bulk;

/**
 * What Elasticsearch answered for one operation of a bulk request.
 *
 * @param status the item's HTTP status
 * @param errorType the {@code error.type} of a failed item, {@code null} otherwise
 * @param errorReason the {@code error.reason} of a failed item, {@code null} otherwise
 */
public record BulkItemResult(int status, String errorType, String errorReason) {

  private static final BulkItemResult OK = new BulkItemResult(200, null, null);

  public static BulkItemResult ok() {
    return OK;
  }

  /**
   * Whether the document is as the operation wanted it. A version conflict means Elasticsearch
   * already holds the same or a newer version (a replay), and deleting a missing document leaves it
   * missing: both are successes.
   */
  public boolean succeeded() {
    if (status < 300) {
      return true;
    }
    if (status == 409 && "version_conflict_engine_exception".equals(errorType)) {
      return true;
    }
    return status == 404 && errorType == null;
  }

  /** A short description for error messages: status, type and reason. */
  public String describe() {
    return errorType == null
        ? "HTTP " + status
        : "HTTP " + status + " " + errorType + ": " + errorReason;
  }
}
