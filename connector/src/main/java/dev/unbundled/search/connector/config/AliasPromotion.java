package dev.unbundled.search.connector.config;

/** Who moves the read alias to a new index once it has caught up. */
public enum AliasPromotion {
  /** The connector, in one atomic request, forward only and at most once per index. */
  AUTO,
  /** An operator; the connector moves only the preview alias. */
  MANUAL;

  public static final String KEY = "alias.promotion";
  private static final String DOC =
      "<code>auto</code>: once every topic is caught up, the connector moves all its read aliases"
          + " to its indexes in one atomic <code>_aliases</code> request; only forward (from an"
          + " index with a lower <code>index.version</code>, or from nowhere) and at most once per"
          + " index, so a restarted old connector never takes an alias back and a rollback made"
          + " by hand is never undone. <code>manual</code>: the connector never touches the read"
          + " alias; move it with the status tool or an <code>_aliases</code> request.";

  public static final EnumSetting<AliasPromotion> SETTING =
      EnumSetting.of(KEY, AliasPromotion.class, AUTO, DOC);
}
