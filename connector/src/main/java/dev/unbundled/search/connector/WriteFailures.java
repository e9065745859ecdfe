package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.bulk.BulkRequestException;
import dev.unbundled.search.connector.bulk.BulkRetriesExhaustedException;
import dev.unbundled.search.connector.bulk.WriteStall;
import dev.unbundled.search.connector.config.ConnectionGroup;
import dev.unbundled.search.connector.config.WriteGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The task's failures as an operator reads them in Connect's status: each names the record or
 * records (topic, partition, offset), what the search engine said, and the remedy.
 */
final class WriteFailures {

  private WriteFailures() {}

  /**
   * A write turned away as transient comes back only when its shard is lost for good (transient
   * trouble is retried until it passes).
   */
  static ConnectException shardLost(SinkRecord record, BulkItemResult result) {
    return new ConnectException(
        "The search engine could not write "
            + Coordinates.of(record)
            + " ("
            + result.describe()
            + "), and its shard is lost for good.");
  }

  /** A write that kept failing with a server error not known to heal. */
  static ConnectException serverErrors(SinkRecord record, BulkItemResult result, int maxRetries) {
    return new ConnectException(
        "The search engine failed to write "
            + Coordinates.of(record)
            + " with a server error "
            + (maxRetries + 1)
            + " times ("
            + result.describe()
            + "). Look for the cause in the search engine's logs, then restart the task; raise '"
            + WriteGroup.MAX_RETRIES
            + "' to retry such errors longer.");
  }

  /** A write the engine refused for good, such as for lack of privileges. */
  static ConnectException refused(SinkRecord record, BulkItemResult result) {
    return new ConnectException(
        "The search engine refused to write "
            + Coordinates.of(record)
            + ": "
            + result.describe()
            + (result.isAuthorizationFailure()
                ? ". " + PRIVILEGES_REMEDY
                : ". This does not heal by retrying: fix its cause, then restart the" + " task."));
  }

  /** No write acknowledged for {@code write.stall.timeout.ms}. */
  static ConnectException stalled(WriteStall.Stall stalled, Duration timeout) {
    return new ConnectException(
        "No write acknowledged by the search engine for "
            + WriteStall.brief(stalled.duration())
            + " ('"
            + WriteGroup.WRITE_STALL_TIMEOUT_MS
            + "'="
            + timeout.toMillis()
            + "), after "
            + stalled.failedAttempts()
            + " failed attempts. Last error: "
            + stalled.error()
            + " ("
            + stalled.detail()
            + "). Make sure '"
            + ConnectionGroup.CONNECTION_URL
            + "' reaches a cluster that takes writes (reachable, health not red, no write"
            + " block or full disk), then restart the task: it writes again from its last"
            + " committed offsets, as nothing unacknowledged was committed. To wait longer,"
            + " raise '"
            + WriteGroup.WRITE_STALL_TIMEOUT_MS
            + "' (-1 waits forever).");
  }

  /** A document the engine rejected: its record's failure, with the rebuild that takes it. */
  static DataException rejected(BulkItemResult result, String connectorName) {
    String message = "The search engine rejected the document: " + result.describe();
    if (result.isMappingRejection()) {
      message +=
          ". A value that does not fit the type its field is mapped as can only be taken by a"
              + " rebuild into a new index version whose mapping holds it: search-sink reindex "
              + connectorName
              + " --set index.mappings=@mappings.json";
    }
    return new DataException(message);
  }

  /** A whole bulk request that failed for good. */
  static ConnectException requestFailed(List<SinkRecord> records, IOException failure) {
    String span =
        records.isEmpty()
            ? "no records"
            : records.size()
                + " records from "
                + Coordinates.of(records.get(0))
                + " to "
                + Coordinates.of(records.get(records.size() - 1));
    if (failure instanceof BulkRetriesExhaustedException exhausted) {
      return new ConnectException(
          "A bulk request of "
              + span
              + " failed with a server error "
              + exhausted.attempts()
              + " times: "
              + failure.getCause().getMessage()
              + ". Look for the cause in the search engine's logs, then restart the task; raise '"
              + WriteGroup.MAX_RETRIES
              + "' to retry such errors longer.",
          failure);
    }
    if (failure instanceof BulkRequestException refused && refused.status() == 401) {
      return new ConnectException(
          "The search engine refused the connector's credentials writing "
              + span
              + " ("
              + failure.getMessage()
              + "). Check '"
              + ConnectionGroup.CONNECTION_USERNAME
              + "' and '"
              + ConnectionGroup.CONNECTION_PASSWORD
              + "' (or the API key or token), then restart the task.",
          failure);
    }
    if (failure instanceof BulkRequestException refused && refused.status() == 403) {
      return new ConnectException(
          "The search engine refused a bulk request of "
              + span
              + " ("
              + failure.getMessage()
              + "). "
              + PRIVILEGES_REMEDY,
          failure);
    }
    return new ConnectException(
        "A bulk request of " + span + " failed: " + failure.getMessage(), failure);
  }

  static final String PRIVILEGES_REMEDY =
      "The connector's user lacks privileges: grant it the cluster privilege 'monitor' and the"
          + " index privileges 'create_index', 'write' and 'manage' on the connector's indexes"
          + " and aliases (docs/security.md), then restart the task.";
}
