package dev.unbundled.search.tool.rebuild;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.tool.connect.ConfigValidation;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which configuration keys hold secrets, so the tool never prints their values: those Connect's
 * validation defines as {@code PASSWORD} (the connector's, its converters', its transforms'), and,
 * by their names, client settings nothing defines one by one ({@code kafka.admin.sasl.jaas.config},
 * a converter's {@code basic.auth.user.info}).
 */
public final class SecretKeys {

  private static final List<String> SECRET_WORDS =
      List.of("password", "secret", "jaas.config", "api.key", "token", "user.info", "credential");

  private SecretKeys() {}

  static Predicate<String> of(ConfigValidation validation) {
    return key -> validation.secretKeys().contains(key) || isSecret(key);
  }

  /** A secret by the connector's own definitions or by its name alone. */
  static boolean isSecret(String key) {
    ConfigDef.ConfigKey definition = SearchSinkConfig.CONFIG_DEF.configKeys().get(key);
    if (definition != null) {
      return definition.type == ConfigDef.Type.PASSWORD;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains);
  }
}
