package dev.unbundled.search.tool.rebuild;

import dev.unbundled.search.connector.config.IndexGroup;
import dev.unbundled.search.tool.ToolException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The connector a rebuild creates from a running one: the old configuration with the overrides
 * applied, {@code index.version} one up (unless set), under the old name with its {@code -vN}
 * bumped (unless {@code --name} is given). Made without any request, so every rule here is tested
 * on its own.
 */
public record ReindexPlan(
    String from,
    String to,
    int fromVersion,
    int toVersion,
    Map<String, String> oldConfig,
    Map<String, String> newConfig) {

  /** Keys a rebuild never changes: the connector's identity is its name and class. */
  private static final Set<String> FIXED = Set.of("name", "connector.class");

  /**
   * @param name the new connector's name, or null to derive it
   * @throws ToolException when the overrides cannot apply or no name can be derived
   */
  static ReindexPlan derive(
      String from, Map<String, String> oldConfig, ConfigOverrides overrides, String name)
      throws ToolException {
    for (String key : overrides.keys()) {
      if (FIXED.contains(key)) {
        throw new ToolException(
            key.equals("name")
                ? "The new connector's name is given with --name, not --set name"
                : "A rebuild keeps the connector class: --set/--unset " + key + " is not allowed");
      }
    }
    for (String key : overrides.unset()) {
      if (!oldConfig.containsKey(key)) {
        throw new ToolException("--unset " + key + ": " + from + "'s configuration has no " + key);
      }
    }
    if (overrides.unset().contains(IndexGroup.INDEX_VERSION)) {
      throw new ToolException("--unset " + IndexGroup.INDEX_VERSION + ": it is required");
    }
    int fromVersion = version(oldConfig.get(IndexGroup.INDEX_VERSION), from + "'s");
    String requested = overrides.set().get(IndexGroup.INDEX_VERSION);
    int toVersion = requested == null ? fromVersion + 1 : version(requested, "--set");
    String to = name;
    if (to == null) {
      to =
          ConnectorNames.next(from, fromVersion, toVersion)
              .orElseThrow(
                  () ->
                      new ToolException(
                          "Cannot derive the new connector's name from '"
                              + from
                              + "' (it does not end in -v<N>): give --name"));
    }
    Map<String, String> config = new TreeMap<>(oldConfig);
    overrides.unset().forEach(config::remove);
    config.putAll(overrides.set());
    config.put(IndexGroup.INDEX_VERSION, Integer.toString(toVersion));
    config.put("name", to);
    return new ReindexPlan(
        from,
        to,
        fromVersion,
        toVersion,
        Collections.unmodifiableMap(new TreeMap<>(oldConfig)),
        Collections.unmodifiableMap(config));
  }

  private static int version(String value, String whose) throws ToolException {
    try {
      return Integer.parseInt(value == null ? "" : value.strip());
    } catch (NumberFormatException e) {
      throw new ToolException(
          whose + " " + IndexGroup.INDEX_VERSION + " is not a number: '" + value + "'");
    }
  }

  /** How the new configuration differs from the old one. */
  List<ConfigDiff.Change> changes(Predicate<String> secret) {
    return ConfigDiff.between(oldConfig, newConfig, secret);
  }

  String connectorClass() {
    return newConfig.get("connector.class");
  }
}
