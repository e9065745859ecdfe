package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Defines the settings of one group of the reference, numbered in the order they are defined. The
 * groups themselves appear in the order they are first defined in.
 */
final class ConfigGroup {

  private final ConfigDef def;
  private final String name;
  private int order;

  ConfigGroup(ConfigDef def, String name) {
    this.def = def;
    this.name = name;
  }

  ConfigGroup define(
      String key,
      Type type,
      Object defaultValue,
      ConfigDef.Validator validator,
      Importance importance,
      String doc,
      Width width,
      String displayName) {
    def.define(
        key, type, defaultValue, validator, importance, doc, name, ++order, width, displayName);
    return this;
  }

  /** A setting any value of its type is good for. */
  ConfigGroup define(
      String key,
      Type type,
      Object defaultValue,
      Importance importance,
      String doc,
      Width width,
      String displayName) {
    return define(key, type, defaultValue, null, importance, doc, width, displayName);
  }

  /** A string setting with a fixed set of values, accepted in any case and recommended. */
  ConfigGroup defineChoice(
      String key,
      String defaultValue,
      Importance importance,
      String doc,
      Width width,
      String displayName,
      String... values) {
    return define(
        key,
        Type.STRING,
        defaultValue,
        ConfigDef.CaseInsensitiveValidString.in(values),
        ValidValues.of((Object[]) values),
        importance,
        doc,
        width,
        displayName);
  }

  ConfigGroup defineBoolean(
      String key,
      boolean defaultValue,
      Importance importance,
      String doc,
      Width width,
      String displayName) {
    return define(
        key,
        Type.BOOLEAN,
        defaultValue,
        null,
        ValidValues.BOOLEAN,
        importance,
        doc,
        width,
        displayName);
  }

  ConfigGroup define(
      EnumSetting<?> setting, Importance importance, Width width, String displayName) {
    return define(
        setting.key(),
        Type.STRING,
        setting.defaultName(),
        setting.validator(),
        setting.recommender(),
        importance,
        setting.doc(),
        width,
        displayName);
  }

  /** A setting with its own validator and the values tools may offer for it. */
  ConfigGroup define(
      String key,
      Type type,
      Object defaultValue,
      ConfigDef.Validator validator,
      ConfigDef.Recommender recommender,
      Importance importance,
      String doc,
      Width width,
      String displayName) {
    def.define(
        key,
        type,
        defaultValue,
        validator,
        importance,
        doc,
        name,
        ++order,
        width,
        displayName,
        recommender);
    return this;
  }
}
