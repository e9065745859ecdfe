package dev.unbundled.search.tool.rebuild;

import dev.unbundled.search.tool.ToolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code --set key=value} and {@code --unset key} ask to change. {@code key=@file} takes the
 * value from a file (new mappings, say), without its final line break; {@code key=@@text} is the
 * literal value {@code @text}.
 */
public record ConfigOverrides(Map<String, String> set, Set<String> unset) {

  static final ConfigOverrides NONE = new ConfigOverrides(Map.of(), Set.of());

  /**
   * @param base where relative {@code @file} paths start
   * @throws ToolException naming the argument that is malformed or the file that cannot be read
   */
  public static ConfigOverrides parse(List<String> sets, List<String> unsets, Path base)
      throws ToolException {
    Map<String, String> set = new LinkedHashMap<>();
    for (String assignment : sets) {
      int equals = assignment.indexOf('=');
      if (equals <= 0) {
        throw new ToolException("--set " + assignment + ": expected key=value or key=@file");
      }
      String key = assignment.substring(0, equals).strip();
      if (set.containsKey(key)) {
        throw new ToolException("--set " + key + " is given twice");
      }
      set.put(key, value(key, assignment.substring(equals + 1), base));
    }
    Set<String> unset = new LinkedHashSet<>();
    for (String key : unsets) {
      String name = key.strip();
      if (name.isEmpty()) {
        throw new ToolException("--unset needs a key");
      }
      if (set.containsKey(name)) {
        throw new ToolException("--set and --unset both name " + name);
      }
      unset.add(name);
    }
    return new ConfigOverrides(
        Collections.unmodifiableMap(set), Collections.unmodifiableSet(unset));
  }

  private static String value(String key, String raw, Path base) throws ToolException {
    if (raw.startsWith("@@")) {
      return raw.substring(1);
    }
    if (!raw.startsWith("@")) {
      return raw;
    }
    Path file = base.resolve(raw.substring(1));
    try {
      return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R+\\z", "");
    } catch (IOException e) {
      throw new ToolException(
          "--set " + key + "=" + raw + ": cannot read " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /** Every key named, set or unset. */
  Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>(set.keySet());
    keys.addAll(unset);
    return keys;
  }
}
