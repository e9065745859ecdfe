package dev.unbundled.search.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The check every convergence test ends with: the index equals the model, nothing more. */
public final class IndexAssertions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexAssertions() {}

  /**
   * The index holds exactly one document per expected record, under the record's key, with the
   * record's value as source and the record's offset as version.
   */
  public static void assertIndexHolds(
      Elasticsearch elasticsearch, String index, Map<String, Kafka.Produced> expected) {
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents.keySet()).as("ids in %s", index).isEqualTo(expected.keySet());
    for (Kafka.Produced record : expected.values()) {
      Elasticsearch.Document document = documents.get(record.key());
      try {
        assertThat(document.source())
            .as("source of %s", record.key())
            .isEqualTo(JSON.readTree(record.value()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertThat(document.version()).as("version of %s", record.key()).isEqualTo(record.offset());
    }
  }
}
