package dev.unbundled.search.connector.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Checks of single settings that Kafka's own validators do not make. */
final class Validators {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Validators() {}

  /**
   * At least 1. Unlike {@link ConfigDef.Range}, it leaves a missing or unparseable value to the
   * error ConfigDef already reports for it, so the user sees one message, not two.
   */
  static final ConfigDef.Validator POSITIVE =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            if (value != null && ((Number) value).longValue() < 1) {
              throw new ConfigException(name, value, "Must be a positive integer (1, 2, ...).");
            }
          },
          () -> "a positive integer");

  /** A positive number of milliseconds, or -1 for never. */
  static ConfigDef.Validator timeoutOrNever() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value != null
              && ((Number) value).longValue() < 1
              && ((Number) value).longValue() != -1) {
            throw new ConfigException(
                name, value, "Must be a positive number of milliseconds, or -1 for never.");
          }
        },
        () -> "a positive number of milliseconds, or -1 for never");
  }

  static final ConfigDef.Validator NON_EMPTY_LIST =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            if (value instanceof List<?> list && list.isEmpty()) {
              throw new ConfigException(name, value, "At least one host:port is required.");
            }
          },
          () -> "host:port pairs, comma separated");

  /**
   * Accepts what {@code parse} accepts, reporting the message of the {@link
   * IllegalArgumentException} it throws otherwise.
   */
  static ConfigDef.Validator parsedBy(Consumer<String> parse, String description) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          try {
            parse.accept(value == null ? "" : value.toString());
          } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
          }
        },
        () -> description);
  }

  /** An empty value or a JSON object. */
  static final ConfigDef.Validator JSON_OBJECT =
      ConfigDef.LambdaValidator.with(Validators::ensureJsonObject, () -> "a JSON object, or empty");

  /** A non-empty list of absolute http or https URLs with a host. */
  static final ConfigDef.Validator HTTP_URLS =
      ConfigDef.LambdaValidator.with(
          Validators::ensureHttpUrls, () -> "http:// or https:// URLs, comma separated");

  private static void ensureJsonObject(String name, Object value) {
    String text = value == null ? "" : value.toString().trim();
    if (text.isEmpty()) {
      return;
    }
    try {
      if (!JSON.readTree(text).isObject()) {
        throw new ConfigException(name, value, "Expected a JSON object, like {\"key\": 1}.");
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException(name, value, "Not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void ensureHttpUrls(String name, Object value) {
    List<?> urls = (List<?>) value;
    if (urls == null || urls.isEmpty()) {
      throw new ConfigException(name, value, "At least one search engine URL is required.");
    }
    for (Object url : urls) {
      try {
        URI uri = new URI(url.toString());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
          throw new ConfigException(
              name, url, "Expected an http:// or https:// URL with a host, like http://es:9200.");
        }
      } catch (URISyntaxException e) {
        throw new ConfigException(name, url, "Not a valid URL: " + e.getReason());
      }
    }
  }
}
