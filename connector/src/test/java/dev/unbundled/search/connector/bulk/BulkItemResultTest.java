package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.bulk.BulkItemResult.Disposition;
import org.junit.jupiter.api.Test;

class BulkItemResultTest {

  private static Disposition of(int status, String type) {
    return new BulkItemResult(status, type, "reason").disposition();
  }

  @Test
  void versionConflictsAndMissingDeletesAreSuccesses() {
    assertThat(of(201, null)).isEqualTo(Disposition.SUCCESS);
    assertThat(of(409, "version_conflict_engine_exception")).isEqualTo(Disposition.SUCCESS);
    assertThat(new BulkItemResult(404, null, null).disposition()).isEqualTo(Disposition.SUCCESS);
  }

  @Test
  void mappingAndParsingErrorsAreTheRecordsFailure() {
    for (String type :
        new String[] {
          "mapper_parsing_exception",
          "document_parsing_exception",
          "strict_dynamic_mapping_exception",
          "illegal_argument_exception"
        }) {
      assertThat(of(400, type)).as(type).isEqualTo(Disposition.RECORD_FAILURE);
    }
  }

  @Test
  void overloadIsRetriable() {
    assertThat(of(429, "es_rejected_execution_exception")).isEqualTo(Disposition.RETRIABLE);
    assertThat(of(503, "unavailable_shards_exception")).isEqualTo(Disposition.RETRIABLE);
  }

  @Test
  void writeBlocksAreWaitedForWhateverTheirStatus() {
    assertThat(of(403, "cluster_block_exception")).isEqualTo(Disposition.RETRIABLE);
    assertThat(of(429, "cluster_block_exception")).isEqualTo(Disposition.RETRIABLE);
  }

  @Test
  void aMissingWriteAliasMeansTheIndexIsGone() {
    // Index and update actions with require_alias, and deletes (which Elasticsearch would create
    // an index for) refused because the upper-case alias name is not a valid index name.
    assertThat(of(404, "index_not_found_exception")).isEqualTo(Disposition.INDEX_GONE);
    assertThat(of(400, "invalid_index_name_exception")).isEqualTo(Disposition.INDEX_GONE);
  }

  @Test
  void otherErrorsAreFatalWhateverTheirMessage() {
    assertThat(of(403, "security_exception")).isEqualTo(Disposition.FATAL);
    assertThat(of(409, "some_other_conflict")).isEqualTo(Disposition.FATAL);
    assertThat(
            new BulkItemResult(400, "index_closed_exception", "mapper_parsing_exception")
                .disposition())
        .isEqualTo(Disposition.FATAL);
  }
}
