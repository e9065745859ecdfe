package dev.unbundled.search.connector.client;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code Authorization} header for API-key or bearer-token authentication (basic authentication
 * goes through the HTTP client's credentials provider instead, which answers the server's
 * challenge). Elasticsearch and OpenSearch read these headers the same way.
 */
final class AuthorizationHeader {

  private AuthorizationHeader() {}

  static Optional<String> of(SearchSinkConfig config) {
    Optional<String> apiKey = config.apiKey().map(AuthorizationHeader::apiKey);
    return apiKey.isPresent() ? apiKey : config.bearerToken().map(token -> "Bearer " + token);
  }

  /** An API key as Elasticsearch returns it (encoded), or as {@code id:api_key}, encoded here. */
  private static String apiKey(String key) {
    String encoded =
        key.contains(":")
            ? Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))
            : key;
    return "ApiKey " + encoded;
  }
}
