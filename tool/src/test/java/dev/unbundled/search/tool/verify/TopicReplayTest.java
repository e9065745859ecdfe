package dev.unbundled.search.tool.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.bulk.DocumentOperation.VersionType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model of what an index holds applies writes as Elasticsearch does. */
class TopicReplayTest {

  private final Map<String, TopicReplay.Expected> index = new HashMap<>();

  private void apply(DocumentOperation op) {
    TopicReplay.apply(index, op, false);
  }

  private static DocumentOperation write(String id, long version, VersionType type) {
    return DocumentOperation.index("i", id, version, g -> g.writeStartObject())
        .withVersionType(type);
  }

  private static DocumentOperation delete(String id, long version, VersionType type) {
    return DocumentOperation.delete("i", id, version).withVersionType(type);
  }

  @Test
  void withVersionsFromTheRecordsTheHighestVersionWinsInAnyReadingOrder() {
    apply(write("a", 30, VersionType.EXTERNAL_GTE));
    apply(write("a", 10, VersionType.EXTERNAL_GTE));
    apply(delete("b", 20, VersionType.EXTERNAL_GTE));
    // Older than the delete: Elasticsearch turns it down, the document stays deleted.
    apply(write("b", 15, VersionType.EXTERNAL_GTE));
    apply(write("c", 5, VersionType.EXTERNAL_GTE));
    apply(write("c", 5, VersionType.EXTERNAL_GTE).withRouting("r"));

    assertThat(index.get("a").version()).isEqualTo(30);
    assertThat(index.get("b").deleted()).isTrue();
    assertThat(index.get("c").routing()).as("an equal version is written").isEqualTo("r");
  }

  @Test
  void withOffsetVersionsTheTopicsOrderDecides() {
    apply(write("a", 30, VersionType.EXTERNAL));
    apply(delete("a", 31, VersionType.EXTERNAL));
    apply(write("b", 7, VersionType.EXTERNAL));

    assertThat(index).containsOnlyKeys("b");
  }
}
