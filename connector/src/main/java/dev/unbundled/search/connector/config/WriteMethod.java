package dev.unbundled.search.connector.config;

/** How a record's value is applied to its document. */
public enum WriteMethod {
  /** Replace the whole document with the record's value. */
  INDEX,
  /** Merge the record's value into the document, creating it if missing. */
  UPSERT;

  public static final String KEY = "write.method";
  private static final String DOC =
      "<code>index</code> replaces the whole document with the record's value (Confluent's"
          + " <code>insert</code> means the same and is accepted); <code>upsert</code> merges the"
          + " value into the existing document, creating it if missing. Upserts cannot carry"
          + " external versions, so with <code>upsert</code> the connector keeps each document's"
          + " writes in order itself and <code>document.version</code> must be"
          + " <code>none</code> or <code>auto</code>.";

  public static final EnumSetting<WriteMethod> SETTING =
      EnumSetting.of(KEY, WriteMethod.class, INDEX, DOC).withAlias("insert", INDEX);
}
