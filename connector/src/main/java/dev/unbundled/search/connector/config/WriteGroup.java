package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** How records are batched into bulk requests, how many are in flight, and how they are retried. */
public final class WriteGroup {

  public static final String BATCH_SIZE = "batch.size";
  private static final String BATCH_SIZE_DOC =
      "Most records in one bulk request. A request is sent when it holds this many records, when"
          + " it reaches <code>bulk.size.bytes</code>, or when Connect commits offsets.";

  public static final String BULK_SIZE_BYTES = "bulk.size.bytes";
  private static final String BULK_SIZE_BYTES_DOC =
      "Most bytes in one bulk request body. Keep it well below the search engine's"
          + " <code>http.max_content_length</code> (100 MB by default).";

  public static final String LINGER_MS = "linger.ms";
  private static final String LINGER_MS_DOC =
      "Longest time a record waits for more records to fill its bulk request before the request"
          + " is sent anyway. Higher values give fuller requests when traffic is light.";

  public static final String MAX_IN_FLIGHT_REQUESTS = "max.in.flight.requests";
  private static final String MAX_IN_FLIGHT_REQUESTS_DOC =
      "Most bulk requests a task has in flight at once: the ceiling of the adaptive limit (see"
          + " <code>adaptive.concurrency</code>), or the fixed number without it. Writes stay exact"
          + " with any value: with offset versions order does not matter, and the writes of one"
          + " document are never in flight together otherwise (upserts, versions from the"
          + " records).";

  public static final String ADAPTIVE_CONCURRENCY = "adaptive.concurrency";
  private static final String ADAPTIVE_CONCURRENCY_DOC =
      "When true, each task finds how many bulk requests to keep in flight from the search engine's"
          + " answers, between 1 and <code>max.in.flight.requests</code>. From the latency per"
          + " operation against the lowest seen lately it estimates how many of its requests wait"
          + " in the cluster's queues: one more request while less than one waits and the task"
          + " has requests ready, a quarter fewer when more than three wait, half as many when the"
          + " cluster turns requests or items away (429, rejected executions). So a small node is"
          + " not flooded and a large cluster's write threads are kept busy. The limit shows in"
          + " the metric <code>in-flight-limit</code> and in the status tool. When false, always"
          + " <code>max.in.flight.requests</code>.";

  public static final String MAX_BUFFERED_BYTES = "max.buffered.bytes";
  private static final String MAX_BUFFERED_BYTES_DOC =
      "Most bytes of serialized documents a task holds, in flight and waiting. When reached, the"
          + " task stops taking records from Kafka until requests complete, so memory stays bounded"
          + " whatever the topic size.";

  public static final String FLUSH_TIMEOUT_MS = "flush.timeout.ms";
  private static final String FLUSH_TIMEOUT_MS_DOC =
      "Unless writes are versioned by offset (upserts, <code>document.version=none</code>,"
          + " versions from the records): longest time a task waits for its in-flight requests"
          + " when partitions are revoked, so that the next owner's writes never race its own. Records not acknowledged are never committed and"
          + " are written again by the next owner.";

  public static final String MAX_RETRIES = "max.retries";
  private static final String MAX_RETRIES_DOC =
      "How many times a bulk request (or a document of it) is retried after a server error that"
          + " is not known to be transient (HTTP 500 and other 5xx besides 502, 503, 504) before the"
          + " task fails. Transient trouble does not count against it: connection errors,"
          + " timeouts, 429 and rejected executions, 502, 503, 504, shards without an active copy"
          + " and write blocks are retried for as long as they last (see"
          + " <code>write.stall.timeout.ms</code>); errors that cannot heal (refused credentials or"
          + " privileges, a deleted index, a lost shard) fail the task at once.";

  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  private static final String RETRY_BACKOFF_MS_DOC =
      "Wait before the first retry. Each further retry of the same request waits twice as long,"
          + " capped at 30 seconds; each wait is drawn at random from the upper half of its range"
          + " (from half of it up to all of it), so that tasks retrying at once spread out. So an"
          + " outage costs the cluster about one request per request in flight every 15 to 30"
          + " seconds, and writing resumes within 30 seconds of its end.";

  public static final String WRITE_STALL_TIMEOUT_MS = "write.stall.timeout.ms";
  private static final String WRITE_STALL_TIMEOUT_MS_DOC =
      "How long a task waits out transient trouble (the search engine unreachable, overloaded,"
          + " blocked) with no write acknowledged at all before it fails, with the last error in"
          + " its message. The default rides out a long rolling restart or maintenance window;"
          + " -1 waits forever. Meanwhile the task holds at most <code>max.buffered.bytes</code>,"
          + " commits nothing unacknowledged, and shows the stall in the metrics"
          + " <code>stalled-seconds</code> and <code>stall-error</code>.";

  private WriteGroup() {}

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Writes")
        .define(
            BATCH_SIZE,
            Type.INT,
            2_000,
            ConfigDef.Range.between(1, 100_000),
            Importance.MEDIUM,
            BATCH_SIZE_DOC,
            Width.SHORT,
            "Batch size (records)")
        .define(
            BULK_SIZE_BYTES,
            Type.INT,
            5 * 1024 * 1024,
            ConfigDef.Range.between(1024, 1024 * 1024 * 1024),
            Importance.LOW,
            BULK_SIZE_BYTES_DOC,
            Width.SHORT,
            "Bulk size (bytes)")
        .define(
            LINGER_MS,
            Type.LONG,
            20L,
            ConfigDef.Range.between(0, 60_000),
            Importance.LOW,
            LINGER_MS_DOC,
            Width.SHORT,
            "Linger (ms)")
        .define(
            MAX_IN_FLIGHT_REQUESTS,
            Type.INT,
            4,
            ConfigDef.Range.between(1, 64),
            Importance.LOW,
            MAX_IN_FLIGHT_REQUESTS_DOC,
            Width.SHORT,
            "Max in-flight requests")
        .defineBoolean(
            ADAPTIVE_CONCURRENCY,
            true,
            Importance.LOW,
            ADAPTIVE_CONCURRENCY_DOC,
            Width.SHORT,
            "Adaptive concurrency")
        .define(
            MAX_BUFFERED_BYTES,
            Type.LONG,
            64L * 1024 * 1024,
            ConfigDef.Range.atLeast(1024),
            Importance.LOW,
            MAX_BUFFERED_BYTES_DOC,
            Width.SHORT,
            "Max buffered bytes")
        .define(
            FLUSH_TIMEOUT_MS,
            Type.LONG,
            180_000L,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            FLUSH_TIMEOUT_MS_DOC,
            Width.SHORT,
            "Flush timeout (ms)")
        .define(
            MAX_RETRIES,
            Type.INT,
            10,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            MAX_RETRIES_DOC,
            Width.SHORT,
            "Max retries")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            100L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            RETRY_BACKOFF_MS_DOC,
            Width.SHORT,
            "Retry backoff (ms)")
        .define(
            WRITE_STALL_TIMEOUT_MS,
            Type.LONG,
            30L * 60 * 1000,
            Validators.timeoutOrNever(),
            Importance.MEDIUM,
            WRITE_STALL_TIMEOUT_MS_DOC,
            Width.SHORT,
            "Write stall timeout (ms)");
  }
}
