package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.bulk.BulkTransport;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.snapshot.SweepStamp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Deletes the documents of an index stamped before a time ({@link SweepStamp}), in rounds: refresh,
 * search a page of them, delete that page in one bulk request, each delete conditional on the
 * sequence number the search saw.
 *
 * <p>The condition is what keeps a sweep from deleting a row that came back: a document written
 * again since the search (by the snapshot's own record, or a later change) has another sequence
 * number, its delete is turned down as a version conflict, and the document stays. This needs
 * nothing but search and bulk, so it works on every engine and distribution (several lack {@code
 * _delete_by_query}, which is a module of its own).
 */
public final class StaleDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = new JsonFactory();
  static final int PAGE = 1_000;

  private final JsonApi es;
  private final BulkTransport bulk;

  public StaleDocuments(JsonApi es, BulkTransport bulk) {
    this.es = es;
    this.bulk = bulk;
  }

  /**
   * Deletes the documents of {@code index} stamped before {@code before}.
   *
   * @return how many were deleted
   */
  public long deleteStampedBefore(String index, long before) throws IOException {
    long deleted = 0;
    while (true) {
      es.send("POST", "/" + index + "/_refresh", null);
      JsonNode hits = es.send("POST", "/" + index + "/_search", query(before)).path("hits");
      JsonNode page = hits.path("hits");
      if (page.isEmpty()) {
        return deleted;
      }
      long deletedNow = delete(index, page);
      deleted += deletedNow;
      if (deletedNow == 0) {
        // Every document of the page was written again since: the rest are for the next sweep.
        return deleted;
      }
    }
  }

  private static ObjectNode query(long before) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", PAGE);
    body.put("_source", false);
    body.put("seq_no_primary_term", true);
    body.put("track_total_hits", false);
    body.putArray("sort").add("_doc");
    body.putObject("query").putObject("range").putObject(SweepStamp.FIELD).put("lt", before);
    return body;
  }

  private long delete(String index, JsonNode page) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(body)) {
      g.setRootValueSeparator(null);
      for (JsonNode hit : page) {
        g.writeStartObject();
        g.writeObjectFieldStart("delete");
        g.writeStringField("_index", index);
        g.writeStringField("_id", hit.path("_id").asText());
        if (hit.hasNonNull("_routing")) {
          g.writeStringField("routing", hit.path("_routing").asText());
        }
        g.writeNumberField("if_seq_no", hit.path("_seq_no").asLong());
        g.writeNumberField("if_primary_term", hit.path("_primary_term").asLong());
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
    byte[] bytes = body.toByteArray();
    List<BulkItemResult> results = bulk.send(bytes, bytes.length, page.size());
    long deleted = 0;
    for (BulkItemResult result : results) {
      if (result.status() < 300) {
        deleted++;
      } else if (!result.succeeded()) {
        // Written again (a conflict) or gone already (not found) is fine; anything else is retried
        // by the next check.
        throw new IOException(
            "The search engine did not delete a stale document of "
                + index
                + ": "
                + result.describe());
      }
    }
    return deleted;
  }
}
