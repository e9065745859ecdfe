package dev.unbundled.search.connector.config;

/** What a tombstone (a record with a null value) does to its document. */
public enum NullValueBehavior {
  /** Delete the document: the usual meaning of a tombstone in a compacted topic. */
  DELETE,
  /** Skip the record; its offset still counts as done. */
  IGNORE,
  /** Treat the record as bad input: dead-letter queue or task failure. */
  FAIL;

  public static final String KEY = "behavior.on.null.values";
  private static final String DOC =
      "What a record with a null value (a tombstone) does: <code>delete</code> deletes its"
          + " document, <code>ignore</code> skips the record, <code>fail</code> treats it as bad"
          + " input (dead-letter queue under <code>errors.tolerance=all</code>, else the task"
          + " fails).";

  public static final EnumSetting<NullValueBehavior> SETTING =
      EnumSetting.of(KEY, NullValueBehavior.class, DELETE, DOC);
}
