package dev.unbundled.search.connector.config;

/** Where a document's id comes from. */
public enum DocumentIdSource {
  /** The record key: one document per key, as in a compacted CDC topic. */
  KEY,
  /** {@code topic+partition+offset}: one document per record, for key-less event topics. */
  COORDINATES,
  /** A field of the record value ({@code document.id.field}). */
  VALUE_FIELD
}
