package dev.unbundled.search.connector.config;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/** Who moves the read alias to a new index once it has caught up. */
public enum AliasPromotion {
  /** The connector, in one atomic request, forward only and at most once per index. */
  AUTO,
  /** An operator; the connector moves only the preview alias. */
  MANUAL;

  public static final String KEY = "alias.promotion";
  static final String DOC =
      "<code>auto</code>: once every topic is caught up, the connector moves all its read aliases"
          + " to its indexes in one atomic <code>_aliases</code> request; only forward (from an"
          + " index with a lower <code>index.version</code>, or from nowhere) and at most once per"
          + " index, so a restarted old connector never takes an alias back and a rollback made"
          + " by hand is never undone. <code>manual</code>: the connector never touches the read"
          + " alias; move it with the status tool or an <code>_aliases</code> request.";
  static final String DEFAULT = "auto";

  static ConfigDef.Validator validator() {
    return ConfigDef.CaseInsensitiveValidString.in("auto", "manual");
  }

  static AliasPromotion parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
