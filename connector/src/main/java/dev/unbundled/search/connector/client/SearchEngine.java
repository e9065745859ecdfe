package dev.unbundled.search.connector.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * The search engine behind {@code connection.url}, as it describes itself: Elasticsearch or
 * OpenSearch, and its version. The connector sends the same requests to both (see the README's
 * compatibility table); which one it is matters for what is supported, and to operators.
 *
 * @param version the version number as the cluster reports it, such as {@code 2.19.6}
 */
public record SearchEngine(Distribution distribution, String version) {

  /** The two families of engine, told apart by what {@code GET /} says. */
  public enum Distribution {
    ELASTICSEARCH("Elasticsearch", 8, 9),
    OPENSEARCH("OpenSearch", 2, 3);

    private final String displayName;
    private final int oldestMajor;
    private final int newestMajor;

    Distribution(String displayName, int oldestMajor, int newestMajor) {
      this.displayName = displayName;
      this.oldestMajor = oldestMajor;
      this.newestMajor = newestMajor;
    }

    public String displayName() {
      return displayName;
    }

    /** The name scripts see, such as {@code opensearch}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    String supportedMajors() {
      return displayName + " " + oldestMajor + ".x and " + newestMajor + ".x";
    }
  }

  /** What the connector supports, for messages. */
  public static final String SUPPORTED =
      Distribution.ELASTICSEARCH.supportedMajors()
          + ", "
          + Distribution.OPENSEARCH.supportedMajors();

  /**
   * Reads the answer to {@code GET /}: OpenSearch says {@code version.distribution: opensearch};
   * Elasticsearch has no such field. Empty when the answer has no version number.
   */
  static Optional<SearchEngine> fromRootResponse(JsonNode root) {
    JsonNode version = root.path("version");
    String number = version.path("number").asText("");
    if (number.isEmpty()) {
      return Optional.empty();
    }
    Distribution distribution =
        "opensearch".equalsIgnoreCase(version.path("distribution").asText())
            ? Distribution.OPENSEARCH
            : Distribution.ELASTICSEARCH;
    return Optional.of(new SearchEngine(distribution, number));
  }

  /** The major version; 0 when the version does not start with a number. */
  public int major() {
    int end = 0;
    while (end < version.length() && Character.isDigit(version.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
  }

  /** Whether the connector supports this engine: {@value #SUPPORTED}. */
  public boolean supported() {
    return major() >= distribution.oldestMajor && major() <= distribution.newestMajor;
  }

  /** Why the connector refuses this engine, naming what is supported; empty when supported. */
  public Optional<String> unsupportedReason() {
    return supported()
        ? Optional.empty()
        : Optional.of(
            "connection.url reaches "
                + this
                + ", which this connector does not support. Supported: "
                + SUPPORTED
                + ".");
  }

  /** Such as {@code OpenSearch 2.19.6}. */
  @Override
  public String toString() {
    return distribution.displayName() + " " + version;
  }
}
