package dev.unbundled.search.connector.index;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Elasticsearch refused to create an index whose name its built-in index templates keep for data
 * streams: {@code logs-*-*}, {@code metrics-*-*}, {@code traces-*-*} and {@code synthetics-*-*} (on
 * by default, {@code stack.templates.enabled}; since 9.0 {@code logs-*-*} data streams are also in
 * the {@code logsdb} index mode). A concrete index of such a name cannot be created (HTTP 400), and
 * an index written through a data stream would lose the connector's guarantees (no external
 * versions, no deletes, no alias moves), so the connector names the remedy instead.
 */
public final class ReservedIndexNameException extends ConnectException {

  /** The built-in data stream templates' patterns, as Elasticsearch writes them. */
  static final List<String> PATTERNS =
      List.of("logs-*-*", "metrics-*-*", "traces-*-*", "synthetics-*-*");

  private static final List<Pattern> MATCHERS =
      PATTERNS.stream()
          .map(glob -> Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q")))
          .toList();

  private ReservedIndexNameException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The pattern of a built-in data stream template that {@code index} matches, if any. */
  static Optional<String> reservedPattern(String index) {
    for (int i = 0; i < PATTERNS.size(); i++) {
      if (MATCHERS.get(i).matcher(index).matches()) {
        return Optional.of(PATTERNS.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * The failure to report when creating {@code index} was refused as a bad request: empty when its
   * name is not one a built-in data stream template keeps, so the refusal has another cause.
   */
  static Optional<ReservedIndexNameException> forRefusal(String index, Exception refusal) {
    return reservedPattern(index)
        .map(
            pattern ->
                new ReservedIndexNameException(
                    "The search engine refused to create index '"
                        + index
                        + "' ("
                        + refusal.getMessage()
                        + "): its name matches '"
                        + pattern
                        + "', which Elasticsearch's built-in index templates keep for data"
                        + " streams (in the logsdb index mode for logs-*-* since Elasticsearch 9)."
                        + " Choose an index.name.format whose names fall outside "
                        + String.join(", ", PATTERNS)
                        + " (for example 'search-${topic}-v${version}'), or give these indexes an"
                        + " index template of higher priority without data_stream.",
                    refusal));
  }
}
