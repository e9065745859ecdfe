/**
 * Snapshot-aware sweeping: what a CDC source's snapshot markers mean for an index, and when the
 * documents a re-snapshot did not write again may be deleted.
 *
 * <p>A source that loses its position (a dropped replication slot, reset offsets) takes a fresh
 * snapshot, and rows deleted while it was away get no delete event: their last records stay in the
 * topic. Tasks stamp every document with its record's Kafka timestamp ({@link SweepStamp}) and
 * note, with each partition's committed offset, the timestamps of the snapshot markers they have
 * written ({@link SnapshotMarks}); the connector's life cycle deletes, once every partition has
 * been committed past a snapshot's end, the documents stamped before that snapshot began ({@link
 * SweepPlan}). This package holds the rules only; it depends on nothing but Connect's data API.
 */
package dev.unbundled.search.connector.snapshot;
