package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.offset.OffsetTracker;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record taken from Connect and given its place in the offset tracker, not yet with the writer;
 * its operation once converted (so a record kept for lack of room is converted once).
 */
final class Accepted {
  final SinkRecord record;
  final OffsetTracker.Pending pending;
  DocumentOperation operation;
  String index;

  Accepted(SinkRecord record, OffsetTracker.Pending pending) {
    this.record = record;
    this.pending = pending;
  }
}
