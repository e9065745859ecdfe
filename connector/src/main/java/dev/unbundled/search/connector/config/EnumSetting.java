package dev.unbundled.search.connector.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A setting whose value names a constant of an enum, in any case: its key, default and
 * documentation, with the validator, the recommended values and the parsing all derived from the
 * enum, so they cannot drift apart. An alias (such as Confluent's {@code insert} for {@code index})
 * is accepted without being recommended.
 */
public record EnumSetting<E extends Enum<E>>(
    String key, Class<E> type, E defaultValue, String doc, Map<String, E> aliases) {

  public static <E extends Enum<E>> EnumSetting<E> of(
      String key, Class<E> type, E defaultValue, String doc) {
    return new EnumSetting<>(key, type, defaultValue, doc, Map.of());
  }

  /** This setting, also accepting {@code alias} for {@code constant}. */
  public EnumSetting<E> withAlias(String alias, E constant) {
    Map<String, E> more = new LinkedHashMap<>(aliases);
    more.put(alias.toLowerCase(Locale.ROOT), constant);
    return new EnumSetting<>(key, type, defaultValue, doc, Map.copyOf(more));
  }

  /** The constants' names in lower case, in declaration order: the values users are offered. */
  public List<String> names() {
    return Arrays.stream(type.getEnumConstants()).map(EnumSetting::nameOf).toList();
  }

  public E parse(String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    E alias = aliases.get(lower);
    return alias != null ? alias : Enum.valueOf(type, lower.toUpperCase(Locale.ROOT));
  }

  String defaultName() {
    return nameOf(defaultValue);
  }

  ConfigDef.Validator validator() {
    List<String> accepted = new ArrayList<>(names());
    aliases.keySet().stream().sorted().forEach(accepted::add);
    return ConfigDef.CaseInsensitiveValidString.in(accepted.toArray(String[]::new));
  }

  ConfigDef.Recommender recommender() {
    return ValidValues.of(names().toArray());
  }

  private static String nameOf(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
