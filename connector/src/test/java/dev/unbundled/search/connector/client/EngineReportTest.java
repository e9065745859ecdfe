package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.client.FakeCluster.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

class EngineReportTest {

  private final List<SearchEngine> detected = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();

  private EngineReport report(RestClient client) {
    return new EngineReport(
        "orders-search-v1",
        new RestRequests(client, Duration.ofSeconds(10)),
        detected::add,
        refused::add);
  }

  private static RestClient client(int port) {
    return RestClient.builder(new HttpHost("127.0.0.1", port, "http")).build();
  }

  @Test
  void reportsASupportedEngineOnceAndAsksNoMore() throws IOException {
    try (FakeCluster cluster = FakeCluster.http();
        RestClient client = client(cluster.port())) {
      cluster.answer(
          "/",
          Answer.json(200, "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"3.6.0\"}}"));
      EngineReport report = report(client);

      report.run();
      report.run();

      assertThat(detected)
          .containsExactly(new SearchEngine(SearchEngine.Distribution.OPENSEARCH, "3.6.0"));
      assertThat(refused).isEmpty();
      assertThat(cluster.received()).hasSize(1);
    }
  }

  @Test
  void anUnsupportedEngineIsReportedAsTheConnectorsFailure() throws IOException {
    try (FakeCluster cluster = FakeCluster.http();
        RestClient client = client(cluster.port())) {
      cluster.answer("/", Answer.json(200, "{\"version\":{\"number\":\"7.17.21\"}}"));

      report(client).run();

      assertThat(refused).singleElement().asString().contains("Elasticsearch 7.17.21");
    }
  }

  @Test
  void aClusterThatIsNotReadyIsAskedAgainLater() throws IOException {
    AtomicBoolean up = new AtomicBoolean(false);
    try (FakeCluster cluster = FakeCluster.http();
        RestClient client = client(cluster.port())) {
      cluster.respondWith(
          request ->
              up.get()
                  ? Answer.json(200, "{\"version\":{\"number\":\"8.19.21\"}}")
                  : Answer.json(503, "{\"error\":\"cluster_block_exception\"}"));
      EngineReport report = report(client);

      report.run();
      assertThat(report.done()).isFalse();
      assertThat(detected).isEmpty();

      up.set(true);
      report.run();
      assertThat(report.done()).isTrue();
      assertThat(detected)
          .containsExactly(new SearchEngine(SearchEngine.Distribution.ELASTICSEARCH, "8.19.21"));
    }
  }

  @Test
  void anUnreachableClusterIsAskedAgainLater() throws IOException {
    int port;
    try (FakeCluster stopped = FakeCluster.http()) {
      port = stopped.port();
    }
    try (RestClient client = client(port)) {
      EngineReport report = report(client);

      report.run();

      assertThat(report.done()).isFalse();
      assertThat(detected).isEmpty();
    }
  }
}
