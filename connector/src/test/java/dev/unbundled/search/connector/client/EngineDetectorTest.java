package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.client.FakeCluster.Answer;
import dev.unbundled.search.connector.client.SearchEngine.Distribution;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Answers recorded from real servers (trimmed), replayed by a fake one. */
class EngineDetectorTest {

  private static final String NODES = "/_nodes/_local?filter_path=nodes.*.version";
  private static final Map<String, String> ELASTIC = Map.of("X-Elastic-Product", "Elasticsearch");

  private static final String OPENSEARCH_ROOT =
      """
      {"name":"it-node","cluster_name":"unbundled-search-it","version":{"distribution":"opensearch",
       "number":"2.19.6","build_type":"zip","minimum_wire_compatibility_version":"7.10.0"},
       "tagline":"The OpenSearch Project: https://opensearch.org/"}""";
  private static final String ELASTICSEARCH_ROOT =
      """
      {"name":"it-node","cluster_name":"unbundled-search-it","version":{"number":"8.19.21",
       "build_flavor":"default","build_type":"zip"},"tagline":"You Know, for Search"}""";

  private final FakeCluster cluster;
  private final RestClient client;

  EngineDetectorTest() throws IOException {
    cluster = FakeCluster.http();
    client = RestClient.builder(new HttpHost("127.0.0.1", cluster.port(), "http")).build();
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    cluster.close();
  }

  @Test
  void openSearchSaysSoAtTheRoot() throws IOException {
    cluster.answer("/", Answer.json(200, OPENSEARCH_ROOT));

    assertThat(EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10))))
        .contains(new SearchEngine(Distribution.OPENSEARCH, "2.19.6"));
  }

  @Test
  void elasticsearchHasNoDistributionAtTheRoot() throws IOException {
    cluster.answer("/", new Answer(200, ELASTICSEARCH_ROOT, ELASTIC));

    assertThat(EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10))))
        .contains(new SearchEngine(Distribution.ELASTICSEARCH, "8.19.21"));
    assertThat(cluster.received()).hasSize(1);
  }

  @Test
  void whereTheRootIsRefusedTheNodesInfoAndTheProductHeaderTell() throws IOException {
    // Elasticsearch's integ-test distribution answers GET / with 405.
    cluster
        .answer("/", new Answer(405, "{\"error\":\"Incorrect HTTP method\"}", ELASTIC))
        .answer(NODES, new Answer(200, "{\"nodes\":{\"abc\":{\"version\":\"8.19.21\"}}}", ELASTIC));

    assertThat(EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10))))
        .contains(new SearchEngine(Distribution.ELASTICSEARCH, "8.19.21"));
  }

  /** Issue 26: 9.x's integ-test distribution lacks rest-root too; 9.x is supported. */
  @Test
  void elasticsearch9WhoseRootIsRefusedIsKnownAndSupported() throws IOException {
    cluster
        .answer("/", new Answer(405, "{\"error\":\"Incorrect HTTP method\"}", ELASTIC))
        .answer(NODES, new Answer(200, "{\"nodes\":{\"abc\":{\"version\":\"9.5.0\"}}}", ELASTIC));

    SearchEngine engine =
        EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10))).orElseThrow();
    assertThat(engine).isEqualTo(new SearchEngine(Distribution.ELASTICSEARCH, "9.5.0"));
    assertThat(engine.unsupportedReason()).isEmpty();
    assertThat(engine).hasToString("Elasticsearch 9.5.0");
  }

  @Test
  void withoutTheElasticProductHeaderARefusedRootMeansOpenSearch() throws IOException {
    cluster
        .answer("/", Answer.json(403, "{\"error\":\"no permissions for [cluster:monitor/main]\"}"))
        .answer(NODES, Answer.json(200, "{\"nodes\":{\"abc\":{\"version\":\"3.6.0\"}}}"));

    assertThat(EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10))))
        .contains(new SearchEngine(Distribution.OPENSEARCH, "3.6.0"));
  }

  @Test
  void anOpenSearchInCompatibilityModeIsKnownByItsNodes() throws IOException {
    // compatibility.override_main_response_version: GET / claims 7.10.2.
    cluster
        .answer("/", Answer.json(200, "{\"version\":{\"number\":\"7.10.2\"}}"))
        .answer(NODES, Answer.json(200, "{\"nodes\":{\"abc\":{\"version\":\"2.11.0\"}}}"));

    assertThat(EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10))))
        .contains(new SearchEngine(Distribution.OPENSEARCH, "2.11.0"));
  }

  @Test
  void aRealElasticsearch7IsWhatItSays() throws IOException {
    cluster
        .answer("/", Answer.json(200, "{\"version\":{\"number\":\"7.10.2\"}}"))
        .answer(NODES, Answer.json(200, "{\"nodes\":{\"abc\":{\"version\":\"7.10.2\"}}}"));

    Optional<SearchEngine> engine =
        EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10)));

    assertThat(engine).contains(new SearchEngine(Distribution.ELASTICSEARCH, "7.10.2"));
    assertThat(engine.get().unsupportedReason())
        .get()
        .asString()
        .contains("Elasticsearch 7.10.2")
        .contains("Elasticsearch 8.x and 9.x, OpenSearch 2.x and 3.x");
  }

  @Test
  void openSearch3NamesItsVersionInAHeaderEvenWhenRefusing() throws IOException {
    cluster.respondWith(
        request ->
            new Answer(
                403,
                "{\"error\":\"forbidden\"}",
                Map.of("X-OpenSearch-Version", "OpenSearch/3.6.0 (opensearch)")));

    assertThat(EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10))))
        .contains(new SearchEngine(Distribution.OPENSEARCH, "3.6.0"));
  }

  @Test
  void aClusterThatRefusesBothQuestionsIsUnknown() throws IOException {
    cluster.respondWith(request -> Answer.json(403, "{\"error\":\"forbidden\"}"));

    assertThat(EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10)))).isEmpty();
  }

  @Test
  void noRequestAsksForElasticsearchCompatibleMediaTypes() throws IOException {
    // OpenSearch answers 406 to "application/vnd.elasticsearch+json; compatible-with=8".
    cluster.answer("/", Answer.json(200, OPENSEARCH_ROOT));

    EngineDetector.detect(new RestRequests(client, Duration.ofSeconds(10)));

    assertThat(cluster.received())
        .allSatisfy(
            request -> {
              assertThat(String.valueOf(request.header("Accept"))).doesNotContain("compatible");
              assertThat(String.valueOf(request.header("Content-Type")))
                  .doesNotContain("compatible");
            });
  }
}
