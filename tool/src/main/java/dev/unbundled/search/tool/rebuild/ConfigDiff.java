package dev.unbundled.search.tool.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * How one connector configuration differs from another, key by key, in key order. A value that is
 * JSON on both sides (mappings, settings) is compared field by field, so a one-field change in a
 * long mapping reads as one line. Secrets show as {@code [hidden]}, changed or not.
 */
public final class ConfigDiff {

  static final String HIDDEN = "[hidden]";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One key's change.
   *
   * @param kind {@code added}, {@code removed} or {@code changed}
   * @param before the old value, or null when added
   * @param after the new value, or null when removed
   * @param details for JSON values, the fields that changed, one line each
   */
  public record Change(
      String key, String kind, String before, String after, List<String> details) {}

  private ConfigDiff() {}

  static List<Change> between(
      Map<String, String> before, Map<String, String> after, Predicate<String> secret) {
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Change> changes = new ArrayList<>();
    for (String key : keys) {
      String old = before.get(key);
      String now = after.get(key);
      if (Objects.equals(old, now)) {
        continue;
      }
      String kind = old == null ? "added" : now == null ? "removed" : "changed";
      if (secret.test(key)) {
        changes.add(
            new Change(
                key, kind, old == null ? null : HIDDEN, now == null ? null : HIDDEN, List.of()));
      } else {
        changes.add(
            new Change(
                key, kind, old, now, old != null && now != null ? json(old, now) : List.of()));
      }
    }
    return changes;
  }

  /** The changes as lines for a terminal: {@code + key: value}, {@code - key: value}, {@code ~}. */
  static List<String> lines(List<Change> changes) {
    List<String> lines = new ArrayList<>();
    for (Change change : changes) {
      switch (change.kind()) {
        case "added" -> lines.add("+ " + change.key() + ": " + shown(change.after()));
        case "removed" -> lines.add("- " + change.key() + ": " + shown(change.before()));
        default -> {
          if (change.details().isEmpty()) {
            lines.add(
                "~ "
                    + change.key()
                    + ": "
                    + shown(change.before())
                    + " -> "
                    + shown(change.after()));
          } else {
            lines.add("~ " + change.key() + " (JSON):");
            change.details().forEach(detail -> lines.add("    " + detail));
          }
        }
      }
    }
    return lines;
  }

  /** A value on one line: JSON compacted (a mapping file spans lines), other line breaks shown. */
  private static String shown(String value) {
    JsonNode json = parse(value);
    return json != null ? json.toString() : value.replace("\n", "\\n");
  }

  /** Field by field, when both values are JSON objects or arrays; else nothing. */
  private static List<String> json(String before, String after) {
    Map<String, JsonNode> old = flatten(parse(before));
    Map<String, JsonNode> now = flatten(parse(after));
    if (old == null || now == null) {
      return List.of();
    }
    TreeSet<String> paths = new TreeSet<>(old.keySet());
    paths.addAll(now.keySet());
    List<String> details = new ArrayList<>();
    for (String path : paths) {
      JsonNode a = old.get(path);
      JsonNode b = now.get(path);
      if (a == null) {
        details.add("+ " + path + ": " + b);
      } else if (b == null) {
        details.add("- " + path + ": " + a);
      } else if (!a.equals(b)) {
        details.add("~ " + path + ": " + a + " -> " + b);
      }
    }
    return details;
  }

  private static JsonNode parse(String value) {
    try {
      JsonNode node = JSON.readTree(value);
      return node != null && node.isContainerNode() ? node : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /** Every leaf by its path ({@code properties.title.type}, {@code list[0]}); null for null. */
  private static Map<String, JsonNode> flatten(JsonNode root) {
    if (root == null) {
      return null;
    }
    Map<String, JsonNode> leaves = new LinkedHashMap<>();
    flatten("", root, leaves);
    return leaves;
  }

  private static void flatten(String path, JsonNode node, Map<String, JsonNode> leaves) {
    if (node.isObject() && !node.isEmpty()) {
      node.fields()
          .forEachRemaining(
              field ->
                  flatten(
                      path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                      field.getValue(),
                      leaves));
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), leaves);
      }
    } else {
      leaves.put(path.isEmpty() ? "(value)" : path, node);
    }
  }
}
