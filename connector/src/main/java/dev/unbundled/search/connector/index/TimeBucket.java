package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One time bucket of an index name format with {@code ${time:PATTERN}}: the text it puts in the
 * name, and the time range (UTC, start inclusive, end exclusive) whose records it holds.
 */
public record TimeBucket(String text, Instant start, Instant end) {

  /** Key of the bucket's object in its index's {@code _meta}. */
  public static final String META_KEY = "unbundled_search_bucket";

  /** Records this bucket in an index's {@code _meta} object. */
  public void addTo(ObjectNode meta) {
    meta.putObject(META_KEY)
        .put("text", text)
        .put("start", start.toString())
        .put("end", end.toString());
  }

  /** The bucket an index's {@code _meta} records, if any. */
  public static Optional<TimeBucket> fromMeta(JsonNode meta) {
    JsonNode node = meta == null ? null : meta.get(META_KEY);
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new TimeBucket(
              node.path("text").asText(),
              Instant.parse(node.path("start").asText()),
              Instant.parse(node.path("end").asText())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether the whole range of this bucket lies before {@code instant}. */
  public boolean endsBefore(Instant instant) {
    return !end.isAfter(instant);
  }
}
