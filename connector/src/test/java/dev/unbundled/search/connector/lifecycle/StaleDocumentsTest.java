package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.snapshot.SweepStamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StaleDocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A document: its stamp and sequence number. */
  private record Doc(long stamp, long seqNo) {}

  private final Map<String, Doc> documents = new TreeMap<>();
  private long seqNo;
  private final List<String> requests = new ArrayList<>();

  /** Runs between a search and the deletes of its page: a write racing the sweep. */
  private Runnable betweenSearchAndDelete = () -> {};

  private void write(String id, long stamp) {
    documents.put(id, new Doc(stamp, seqNo++));
  }

  private final StaleDocuments stale =
      new StaleDocuments(
          (method, path, body) -> {
            requests.add(method + " " + path);
            if (path.endsWith("/_refresh")) {
              return JSON.createObjectNode();
            }
            long before =
                body.path("query").path("range").path(SweepStamp.FIELD).path("lt").asLong();
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode hits = answer.putObject("hits").putArray("hits");
            documents.forEach(
                (id, doc) -> {
                  if (doc.stamp() < before && hits.size() < body.path("size").asInt()) {
                    hits.addObject()
                        .put("_id", id)
                        .put("_seq_no", doc.seqNo())
                        .put("_primary_term", 1);
                  }
                });
            betweenSearchAndDelete.run();
            return answer;
          },
          (body, length, operations) -> {
            List<BulkItemResult> results = new ArrayList<>();
            for (String line : new String(body, 0, length, StandardCharsets.UTF_8).split("\n")) {
              JsonNode delete = JSON.readTree(line).path("delete");
              Doc doc = documents.get(delete.path("_id").asText());
              if (doc == null) {
                results.add(new BulkItemResult(404, null, null));
              } else if (doc.seqNo() != delete.path("if_seq_no").asLong()) {
                results.add(
                    new BulkItemResult(409, "version_conflict_engine_exception", "seq_no changed"));
              } else {
                documents.remove(delete.path("_id").asText());
                results.add(BulkItemResult.ok());
              }
            }
            return results;
          });

  @Test
  void documentsStampedBeforeTheSnapshotAreDeletedAndTheRestStay() throws Exception {
    for (int i = 0; i < 2_500; i++) {
      write("old-" + i, 100);
    }
    write("rewritten", 200);
    write("later", 300);

    long deleted = stale.deleteStampedBefore("orders-v1", 150);

    assertThat(deleted).isEqualTo(2_500);
    assertThat(documents).containsOnlyKeys("rewritten", "later");
    assertThat(requests).contains("POST /orders-v1/_refresh", "POST /orders-v1/_search");
  }

  @Test
  void aDocumentWrittenAgainWhileTheSweepRunsIsNotDeleted() throws Exception {
    write("gone", 100);
    write("back", 100);
    // The snapshot's record of "back" lands between the search and the delete.
    betweenSearchAndDelete =
        () -> {
          if (documents.get("back").stamp() < 150) {
            write("back", 200);
          }
        };

    long deleted = stale.deleteStampedBefore("orders-v1", 150);

    assertThat(deleted).isEqualTo(1);
    assertThat(documents).containsOnlyKeys("back");
  }
}
