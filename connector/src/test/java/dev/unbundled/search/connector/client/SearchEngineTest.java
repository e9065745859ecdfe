package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.client.SearchEngine.Distribution;
import org.junit.jupiter.api.Test;

class SearchEngineTest {

  @Test
  void supportsElasticsearch8And9AndOpenSearch2And3() {
    assertThat(new SearchEngine(Distribution.ELASTICSEARCH, "8.19.21").supported()).isTrue();
    assertThat(new SearchEngine(Distribution.ELASTICSEARCH, "9.1.0").supported()).isTrue();
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "2.19.6").supported()).isTrue();
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "3.6.0").supported()).isTrue();

    assertThat(new SearchEngine(Distribution.ELASTICSEARCH, "7.17.0").supported()).isFalse();
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "1.3.20").supported()).isFalse();
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "4.0.0").supported()).isFalse();
  }

  @Test
  void theReasonForRefusingNamesWhatWasFoundAndWhatIsSupported() {
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "1.3.20").unsupportedReason())
        .contains(
            "connection.url reaches OpenSearch 1.3.20, which this connector does not support."
                + " Supported: Elasticsearch 8.x and 9.x, OpenSearch 2.x and 3.x.");
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "2.19.6").unsupportedReason()).isEmpty();
  }

  @Test
  void theMajorVersionIgnoresQualifiers() {
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "3.0.0-beta1").major()).isEqualTo(3);
    assertThat(new SearchEngine(Distribution.ELASTICSEARCH, "9.0.0-SNAPSHOT").major()).isEqualTo(9);
    assertThat(new SearchEngine(Distribution.ELASTICSEARCH, "unknown").major()).isZero();
  }

  @Test
  void showsAsNameAndVersion() {
    assertThat(new SearchEngine(Distribution.OPENSEARCH, "2.19.6"))
        .hasToString("OpenSearch 2.19.6");
    assertThat(Distribution.OPENSEARCH.id()).isEqualTo("opensearch");
  }
}
