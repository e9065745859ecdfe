package dev.unbundled.search.connector.metrics;

/**
 * Every metric the connector publishes, defined once with its documentation: the metrics reference
 * in {@code docs/metrics.md} is generated from this list.
 */
public enum SinkMetric {
  RECORDS_WRITTEN_TOTAL(
      Scope.TASK,
      "records-written-total",
      "Records whose write (index, update or delete) the search engine acknowledged."),
  RECORDS_WRITTEN_RATE(
      Scope.TASK, "records-written-rate", "Records acknowledged per second, over the last minute."),
  BYTES_WRITTEN_TOTAL(
      Scope.TASK,
      "bytes-written-total",
      "Bytes of bulk request bodies the search engine answered."),
  BYTES_WRITTEN_RATE(
      Scope.TASK, "bytes-written-rate", "Bytes of bulk requests answered per second."),
  BULK_REQUESTS_TOTAL(
      Scope.TASK,
      "bulk-requests-total",
      "Bulk requests the search engine answered (retries and split halves count as requests)."),
  BULK_REQUEST_LATENCY_AVG(
      Scope.TASK,
      "bulk-request-latency-avg",
      "Average time from sending a bulk request to its answer, in milliseconds, over the last"
          + " minute."),
  BULK_REQUEST_LATENCY_MAX(
      Scope.TASK,
      "bulk-request-latency-max",
      "Longest time from sending a bulk request to its answer, in milliseconds, over the last"
          + " minute."),
  RETRIES_TOTAL(
      Scope.TASK,
      "retries-total",
      "Operations sent again: whole requests that failed (connection errors, 429, 5xx) and single"
          + " items the search engine turned away as overloaded or blocked."),
  ITEMS_REJECTED_TOTAL(
      Scope.TASK,
      "items-rejected-total",
      "Documents the search engine rejected as bad (mapping conflicts, malformed or too large): each is"
          + " its record's failure."),
  VERSION_CONFLICTS_TOTAL(
      Scope.TASK,
      "version-conflicts-total",
      "Writes the search engine turned down because it holds the same or a newer version of the"
          + " document (version conflicts), counted as done: a replay after a restart, or a change"
          + " that arrived after a newer one. The task logs a warning when more than half of its"
          + " writes in a minute (at least 100) are conflicts: a flood means something upstream"
          + " went backwards."),
  DLQ_REPORTS_TOTAL(
      Scope.TASK,
      "dlq-reports-total",
      "Records handed to Connect's error reporter (the dead-letter queue) under"
          + " errors.tolerance=all: conversion failures and rejected documents."),
  BUFFERED_BYTES(
      Scope.TASK,
      "buffered-bytes",
      "Bytes of bulk requests being filled or in flight; at most max.buffered.bytes plus one"
          + " request."),
  IN_FLIGHT_REQUESTS(
      Scope.TASK,
      "in-flight-requests",
      "Bulk requests sent and not yet answered; at most in-flight-limit."),
  IN_FLIGHT_LIMIT(
      Scope.TASK,
      "in-flight-limit",
      "How many bulk requests the task may have in flight now: found from the search engine's answers"
          + " between 1 and max.in.flight.requests (adaptive.concurrency=true), else"
          + " max.in.flight.requests."),
  SECONDS_SINCE_LAST_WRITE(
      Scope.TASK,
      "seconds-since-last-write",
      "Seconds since the search engine last acknowledged a write of the task (since the task started,"
          + " before its first). Grows while the task is idle too: stalled-seconds tells a stall"
          + " from an idle task."),
  STALLED_SECONDS(
      Scope.TASK,
      "stalled-seconds",
      "How long the task's writes have been failing: seconds since the first failed attempt"
          + " after the last acknowledged write; 0 while writes go through. The task fails when it"
          + " reaches write.stall.timeout.ms."),
  STALL_ERROR(
      Scope.TASK,
      "stall-error",
      "While stalled, the latest error, as a class: connection refused, timeout, or the status"
          + " and error type (503 unavailable_shards_exception, 429"
          + " es_rejected_execution_exception, 403 cluster_block_exception); empty otherwise."),
  RECORDS_EXPIRED_TOTAL(
      Scope.TASK,
      "records-expired-total",
      "Records dropped, not written, because their time bucket ended longer ago than"
          + " index.retention.ms (index names with ${time:...}) since the task started."),
  RETRIES_IN_PROGRESS(
      Scope.TASK,
      "retries-in-progress",
      "Bulk requests of the task between a failed attempt and their next answer: waiting out"
          + " their backoff or being sent again."),
  IN_FLIGHT_LIMIT_CHANGES_TOTAL(
      Scope.TASK,
      "in-flight-limit-changes-total",
      "How often the adaptive limit of requests in flight moved, up or down."),
  INDEX_PHASE(
      Scope.CONNECTOR,
      "index-phase",
      "Phase of the connector's indexes, as of the last check: BUILDING, CAUGHT_UP, LIVE or"
          + " STANDBY (UNKNOWN before the first check)."),
  INDEX_PHASE_CODE(
      Scope.CONNECTOR,
      "index-phase-code",
      "index-phase as a number, for exporters that take only numbers (Prometheus' JMX exporter):"
          + " 0 UNKNOWN, 1 BUILDING, 2 CAUGHT_UP, 3 LIVE, 4 STANDBY."),
  SEARCH_ENGINE(
      Scope.CONNECTOR,
      "search-engine",
      "The engine and version connection.url reaches, as it describes itself (such as"
          + " Elasticsearch 8.19.21 or OpenSearch 2.19.6); UNKNOWN until it has answered."),
  RECORDS_BEHIND(
      Scope.CONNECTOR,
      "records-behind",
      "Per topic (tag topic): records between the connector's committed offsets and the end of"
          + " the topic, summed over partitions, as of the last check."),
  SNAPSHOT_SWEEP_REMOVED_TOTAL(
      Scope.CONNECTOR,
      "snapshot-sweep-removed-total",
      "Documents removed by snapshot sweeps (cdc.snapshot.sweep) since the connector started:"
          + " rows a source snapshot proved deleted while the source was away."),
  TIME_BUCKETS_DELETED_TOTAL(
      Scope.CONNECTOR,
      "time-buckets-deleted-total",
      "Time buckets (indexes of an index.name.format with ${time:...}) the connector deleted"
          + " since it started, because their time range ended longer ago than"
          + " index.retention.ms.");

  /** Where a metric lives: on each task, or on the connector. */
  public enum Scope {
    TASK,
    CONNECTOR
  }

  private final Scope scope;
  private final String metricName;
  private final String description;

  SinkMetric(Scope scope, String metricName, String description) {
    this.scope = scope;
    this.metricName = metricName;
    this.description = description;
  }

  public Scope scope() {
    return scope;
  }

  public String metricName() {
    return metricName;
  }

  public String description() {
    return description;
  }
}
