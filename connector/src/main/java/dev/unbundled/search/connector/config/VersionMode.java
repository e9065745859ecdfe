package dev.unbundled.search.connector.config;

/** Whether writes carry the record's Kafka offset as external version. */
public enum VersionMode {
  /** The offset, except for upserts, which cannot carry external versions. */
  AUTO,
  /** Always the Kafka offset: an older write can never overwrite a newer one. */
  OFFSET,
  /** No external version: Elasticsearch versions documents itself. */
  NONE;

  public static final String KEY = "document.version";
  private static final String DOC =
      "Version carried by each write. <code>offset</code>: the record's Kafka offset as external"
          + " version, so a replayed or reordered older write never overwrites a newer one (a"
          + " version conflict counts as success). <code>none</code>: no version. <code>auto</code>"
          + " (default): <code>offset</code> with <code>write.method=index</code>, <code>none</code>"
          + " with <code>upsert</code> (upserts cannot carry external versions). Offsets of"
          + " different partitions are not comparable: with <code>offset</code>, all records of"
          + " one document must come from one partition, as they do when the topic is keyed by"
          + " the document's id.";

  public static final EnumSetting<VersionMode> SETTING =
      EnumSetting.of(KEY, VersionMode.class, AUTO, DOC);
}
