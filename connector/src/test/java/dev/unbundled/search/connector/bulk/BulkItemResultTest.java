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

  /**
   * The same bulk items answered by Elasticsearch 8.19 and by OpenSearch 2.19 and 3.6 (recorded on
   * real servers, but for the 429, which follows each engine's exception naming): different error
   * types for the same fault, the same outcome.
   */
  @Test
  void openSearchsAnswersMeanWhatElasticsearchsMean() {
    record Fault(
        String what, int status, String elasticsearch, String openSearch, Disposition is) {}
    for (Fault fault :
        new Fault[] {
          new Fault(
              "a string in a double field",
              400,
              "document_parsing_exception",
              "mapper_parsing_exception",
              Disposition.RECORD_FAILURE),
          new Fault(
              "malformed JSON",
              400,
              "document_parsing_exception",
              "mapper_parsing_exception",
              Disposition.RECORD_FAILURE),
          new Fault(
              "a keyword over 32766 bytes",
              400,
              "document_parsing_exception",
              "illegal_argument_exception",
              Disposition.RECORD_FAILURE),
          new Fault(
              "overloaded",
              429,
              "es_rejected_execution_exception",
              "rejected_execution_exception",
              Disposition.RETRIABLE),
          new Fault(
              "a write block",
              403,
              "cluster_block_exception",
              "cluster_block_exception",
              Disposition.RETRIABLE),
          new Fault(
              "the write alias gone",
              404,
              "index_not_found_exception",
              "index_not_found_exception",
              Disposition.INDEX_GONE),
          new Fault(
              "an older external version",
              409,
              "version_conflict_engine_exception",
              "version_conflict_engine_exception",
              Disposition.SUCCESS),
          new Fault(
              "no privilege", 403, "security_exception", "security_exception", Disposition.FATAL)
        }) {
      assertThat(of(fault.status(), fault.elasticsearch()))
          .as("Elasticsearch, %s", fault.what())
          .isEqualTo(fault.is());
      assertThat(of(fault.status(), fault.openSearch()))
          .as("OpenSearch, %s", fault.what())
          .isEqualTo(fault.is());
    }
  }
}
