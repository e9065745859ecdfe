package dev.unbundled.search.connector.config;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** Recommends a setting's valid values, so that tools built on Connect's validation offer them. */
record ValidValues(List<Object> values) implements ConfigDef.Recommender {

  static final ValidValues BOOLEAN = of(true, false);

  static ValidValues of(Object... values) {
    return new ValidValues(List.of(values));
  }

  @Override
  public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
    return values;
  }

  @Override
  public boolean visible(String name, Map<String, Object> parsedConfig) {
    return true;
  }
}
