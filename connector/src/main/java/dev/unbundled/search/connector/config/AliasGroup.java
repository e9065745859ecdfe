package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The aliases readers use, and when the connector moves them. */
public final class AliasGroup {

  public static final String ALIAS_NAME_FORMAT = "alias.name.format";
  private static final String ALIAS_NAME_FORMAT_DOC =
      "Name of the read alias of each topic's index, what applications query. Placeholders and"
          + " naming rules as for <code>index.name.format</code>. Topics written to different"
          + " indexes need different aliases (names that fold into one, such as"
          + " <code>audit</code> and <code>_audit</code>, are refused in validation), and the"
          + " connector never moves an alias (read or preview) off an index whose"
          + " <code>_meta</code> records another topic: it logs an error and leaves its own index"
          + " STANDBY instead.";

  public static final String ALIAS_PREVIEW_NAME_FORMAT = "alias.preview.name.format";
  private static final String ALIAS_PREVIEW_NAME_FORMAT_DOC =
      "Name of a preview alias, moved to a new index as soon as it has caught up, even with"
          + " <code>alias.promotion=manual</code>, so that chosen readers can try it first. Empty"
          + " for none.";

  public static final String ALIAS_PROMOTION_MAX_LAG = "alias.promotion.max.lag";
  private static final String ALIAS_PROMOTION_MAX_LAG_DOC =
      "Largest number of records a partition may still be behind its end for the connector to"
          + " count as caught up. Independently of it, a partition also counts as caught up once"
          + " the connector has committed past the end it had four checks earlier (four times"
          + " <code>alias.check.interval.ms</code>), so steady writes cannot hold a promotion back"
          + " forever.";

  public static final String ALIAS_CHECK_INTERVAL_MS = "alias.check.interval.ms";
  private static final String ALIAS_CHECK_INTERVAL_MS_DOC =
      "How often the connector compares its committed offsets with the ends of its topics, to"
          + " tell whether it has caught up and may move aliases.";

  public static final String INDEX_LOST_PRIMARY_TIMEOUT_MS = "index.lost.primary.timeout.ms";
  private static final String INDEX_LOST_PRIMARY_TIMEOUT_MS_DOC =
      "How long a primary shard of one of the connector's indexes may have no copy on any node"
          + " (cluster health red, <code>no_valid_shard_copy</code>) before its documents count as"
          + " lost. Builds run with no replicas, so a node lost for good takes the documents of its"
          + " shards with it, while their offsets are already committed. Once lost, the connector"
          + " records it in the index's <code>_meta</code>, never promotes the index, and fails"
          + " with the steps that rebuild it. A node that restarts leaves its shards without a"
          + " copy too until it is back: keep this longer than a node takes to restart.";

  private AliasGroup() {}

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Aliases and lifecycle")
        .define(
            ALIAS_NAME_FORMAT,
            Type.STRING,
            "${topic}",
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            ALIAS_NAME_FORMAT_DOC,
            Width.MEDIUM,
            "Read alias format")
        .define(
            ALIAS_PREVIEW_NAME_FORMAT,
            Type.STRING,
            "",
            Importance.MEDIUM,
            ALIAS_PREVIEW_NAME_FORMAT_DOC,
            Width.MEDIUM,
            "Preview alias format")
        .define(AliasPromotion.SETTING, Importance.HIGH, Width.SHORT, "Alias promotion")
        .define(
            ALIAS_PROMOTION_MAX_LAG,
            Type.LONG,
            0L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            ALIAS_PROMOTION_MAX_LAG_DOC,
            Width.SHORT,
            "Max lag for promotion")
        .define(
            ALIAS_CHECK_INTERVAL_MS,
            Type.LONG,
            5_000L,
            ConfigDef.Range.atLeast(100),
            Importance.LOW,
            ALIAS_CHECK_INTERVAL_MS_DOC,
            Width.SHORT,
            "Check interval (ms)")
        .define(
            INDEX_LOST_PRIMARY_TIMEOUT_MS,
            Type.LONG,
            300_000L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            INDEX_LOST_PRIMARY_TIMEOUT_MS_DOC,
            Width.SHORT,
            "Lost primary timeout (ms)");
  }
}
