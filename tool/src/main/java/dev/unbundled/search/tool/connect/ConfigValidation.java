package dev.unbundled.search.tool.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Connect's verdict on a configuration, from {@code PUT
 * /connector-plugins/<class>/config/validate}: the errors per key, every key that Connect, the
 * connector, its converters or its transforms define, and which of them hold secrets.
 */
public record ConfigValidation(
    Map<String, List<String>> errors, Set<String> definedKeys, Set<String> secretKeys) {

  static ConfigValidation from(JsonNode response) {
    Map<String, List<String>> errors = new TreeMap<>();
    Set<String> defined = new TreeSet<>();
    Set<String> secrets = new TreeSet<>();
    for (JsonNode config : response.path("configs")) {
      JsonNode definition = config.path("definition");
      JsonNode value = config.path("value");
      String key = definition.path("name").asText(value.path("name").asText());
      defined.add(key);
      if (definition.path("type").asText().equals("PASSWORD")) {
        secrets.add(key);
      }
      List<String> messages = new ArrayList<>();
      value.path("errors").forEach(error -> messages.add(error.asText()));
      if (!messages.isEmpty()) {
        errors.put(key, List.copyOf(messages));
      }
    }
    return new ConfigValidation(
        Collections.unmodifiableMap(errors),
        Collections.unmodifiableSet(defined),
        Collections.unmodifiableSet(secrets));
  }

  boolean ok() {
    return errors.isEmpty();
  }
}
