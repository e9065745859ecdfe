package dev.unbundled.search.connector.bulk;

import java.util.Set;

/**
 * What Elasticsearch answered for one operation of a bulk request.
 *
 * @param status the item's HTTP status
 * @param errorType the {@code error.type} of a failed item, {@code null} otherwise
 * @param errorReason the {@code error.reason} of a failed item, {@code null} otherwise
 */
public record BulkItemResult(int status, String errorType, String errorReason) {

  private static final BulkItemResult OK = new BulkItemResult(200, null, null);

  /** A document larger on its own than Elasticsearch accepts in one request. */
  public static final BulkItemResult TOO_LARGE =
      new BulkItemResult(
          413,
          "request_entity_too_large",
          "the document alone is larger than the search engine's http.max_content_length");

  /**
   * Error types that mean "this document is wrong" (it does not fit the mapping, does not parse, or
   * is otherwise unacceptable): the record's failure, to be reported, not retried.
   */
  private static final Set<String> RECORD_ERRORS =
      Set.of(
          "mapper_parsing_exception",
          "document_parsing_exception",
          "strict_dynamic_mapping_exception",
          "illegal_argument_exception",
          "mapper_exception",
          "parse_exception",
          "json_parse_exception",
          "x_content_parse_exception",
          "document_source_missing_exception",
          "ingest_processor_exception");

  /** What an item's result means for its record. */
  public enum Disposition {
    /** The document is as the record wants it. */
    SUCCESS,
    /** The record itself is unacceptable: report it (dead-letter queue) or fail the task. */
    RECORD_FAILURE,
    /**
     * Elasticsearch is overloaded, briefly unavailable or blocked ({@link
     * RetryPolicy.Kind#TRANSIENT}): send the item again, for as long as that lasts.
     */
    RETRIABLE,
    /**
     * Elasticsearch failed on its side with an error not known to heal (HTTP 500...): send the item
     * again a few times ({@code max.retries}), then fail the task.
     */
    SERVER_ERROR,
    /**
     * The target index is gone: deleted while the connector was writing to it. Writes go to an
     * alias with {@code require_alias}, so Elasticsearch refused to create it again; the task
     * cannot go on.
     */
    INDEX_GONE,
    /** Anything else (security, closed or blocked index...): the task cannot go on. */
    FATAL
  }

  public static BulkItemResult ok() {
    return OK;
  }

  /**
   * Whether the document is as the operation wanted it. A version conflict means Elasticsearch
   * already holds the same or a newer version (a replay), and deleting a missing document leaves it
   * missing: both are successes.
   */
  public boolean succeeded() {
    if (status < 300 || isVersionConflict()) {
      return true;
    }
    return status == 404 && errorType == null;
  }

  /**
   * Elasticsearch holds the same or a newer version than the write carried, so it kept its
   * document: the write was a replay, arrived late, or its source went backwards.
   */
  public boolean isVersionConflict() {
    return status == 409 && "version_conflict_engine_exception".equals(errorType);
  }

  /** Classified by status and error type, never by message text. */
  public Disposition disposition() {
    if (succeeded()) {
      return Disposition.SUCCESS;
    }
    // A write block (index.blocks.write, a disk watermark) is lifted by an operator or by
    // freeing space: wait for it rather than fail, whatever status the block comes with.
    if (RetryPolicy.kind(status, errorType) == RetryPolicy.Kind.TRANSIENT) {
      return Disposition.RETRIABLE;
    }
    if ("index_not_found_exception".equals(errorType)
        || "invalid_index_name_exception".equals(errorType)) {
      return Disposition.INDEX_GONE;
    }
    if (status == 413 || errorType != null && RECORD_ERRORS.contains(errorType)) {
      return Disposition.RECORD_FAILURE;
    }
    if (status == 400 && errorType == null) {
      return Disposition.RECORD_FAILURE;
    }
    return status >= 500 ? Disposition.SERVER_ERROR : Disposition.FATAL;
  }

  /**
   * The item's shard had no active primary copy within Elasticsearch's bulk timeout: while its node
   * restarts, or for good when its only copy is lost. Retriable (503); the caller can tell which.
   */
  public boolean isShardUnavailable() {
    return "unavailable_shards_exception".equals(errorType);
  }

  /**
   * Elasticsearch could not parse the document into the index's mapping: most often a value that
   * does not fit the type its field is mapped as (a number out of range, text in a number field),
   * which only a rebuild with another mapping can take.
   */
  public boolean isMappingRejection() {
    return "document_parsing_exception".equals(errorType)
        || "mapper_parsing_exception".equals(errorType);
  }

  /**
   * The kind of error, for metrics and stall reports: status and type, such as {@code 503
   * unavailable_shards_exception}.
   */
  public String errorClass() {
    return errorType == null ? "HTTP " + status : status + " " + errorType;
  }

  /**
   * Refused for lack of rights: the connector's user may not write this index ({@code
   * security_exception}, HTTP 401 or 403 without a block).
   */
  public boolean isAuthorizationFailure() {
    return "security_exception".equals(errorType)
        || (status == 401 || status == 403) && errorType == null;
  }

  /** A short description for error messages: status, type and reason. */
  public String describe() {
    return errorType == null
        ? "HTTP " + status
        : "HTTP " + status + " " + errorType + ": " + errorReason;
  }
}
