package dev.unbundled.search.it.harness;

import dev.unbundled.search.localstack.ElasticsearchServer;
import dev.unbundled.search.localstack.OpenSearchServer;
import dev.unbundled.search.localstack.SearchServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The search engine a test run uses, chosen with the system property {@value #PROPERTY}: every test
 * of the run shares one server of it. The build runs the tests tagged {@value #TAG_ELASTICSEARCH_9}
 * again on Elasticsearch 9, those tagged {@value #TAG_OPENSEARCH_2} on OpenSearch 2, and those
 * tagged {@value #TAG_OPENSEARCH_3} on OpenSearch 3 (integration-tests' pom).
 */
public enum Engine {
  ELASTICSEARCH("elasticsearch", "elasticsearch.home"),
  ELASTICSEARCH_9("elasticsearch-9", "elasticsearch9.home"),
  OPENSEARCH_2("opensearch-2", "opensearch2.home"),
  OPENSEARCH_3("opensearch-3", "opensearch3.home");

  /** Which engine this run uses; Elasticsearch when unset. */
  public static final String PROPERTY = "search.engine";

  /**
   * Tag of the tests that also run on Elasticsearch 9 (on Java 21+): the core sink, bad input, the
   * alias life cycle, the status tool, versions and routing, the re-created topic and the outage.
   */
  public static final String TAG_ELASTICSEARCH_9 = "elasticsearch-9";

  /** Tag of the tests that also run on OpenSearch 2. */
  public static final String TAG_OPENSEARCH_2 = "opensearch-2";

  /** Tag of the tests that also run on OpenSearch 3: a smaller set, as CI time is shared. */
  public static final String TAG_OPENSEARCH_3 = "opensearch-3";

  private final String id;
  private final String homeProperty;

  Engine(String id, String homeProperty) {
    this.id = id;
    this.homeProperty = homeProperty;
  }

  /** The engine of this run. */
  public static Engine selected() {
    String id = System.getProperty(PROPERTY, ELASTICSEARCH.id).trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(engine -> engine.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    PROPERTY
                        + "="
                        + id
                        + " is none of "
                        + Arrays.stream(values()).map(e -> e.id).toList()));
  }

  public boolean isOpenSearch() {
    return this == OPENSEARCH_2 || this == OPENSEARCH_3;
  }

  /**
   * Starts a server of this engine from the distribution the build unpacked, and waits until it
   * answers.
   *
   * @param keptLogs where its logs are kept when it stops
   */
  public SearchServer start(Path keptLogs, String heap) throws IOException, InterruptedException {
    String home = System.getProperty(homeProperty);
    if (home == null) {
      throw new IllegalStateException(
          "System property " + homeProperty + " is not set; run the tests through Maven");
    }
    return !isOpenSearch()
        ? ElasticsearchServer.start(Path.of(home), keptLogs, heap)
        : OpenSearchServer.start(Path.of(home), keptLogs, heap);
  }

  @Override
  public String toString() {
    return id;
  }
}
