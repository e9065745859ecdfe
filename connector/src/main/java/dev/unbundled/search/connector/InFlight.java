package dev.unbundled.search.connector;

import dev.unbundled.search.connector.offset.OffsetTracker;
import org.apache.kafka.connect.sink.SinkRecord;

/** A record handed to the bulk writer, with its index and its place in the offset tracker. */
record InFlight(SinkRecord record, String index, OffsetTracker.Pending pending) {}
