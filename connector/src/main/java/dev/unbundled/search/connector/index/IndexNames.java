package dev.unbundled.search.connector.index;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the records of each topic are written: the concrete index that {@code index.name.format}
 * names, and its write alias, both resolved here once per topic (the same topic is asked for on
 * every record), or once per topic and time bucket when the format has {@code ${time:...}}. Index
 * names leave room for the alias suffix, so both fit Elasticsearch's limit.
 */
public final class IndexNames {

  private final String format;
  private final int version;
  private final NameFormat plain;
  private final Optional<BucketFormat> buckets;
  private final Map<Object, WriteTarget> targets = new ConcurrentHashMap<>();

  // Stands for the bucket's text in family names: kept as it is by the name rules, never in a
  // topic.
  private static final String TIME_MARK = "\u0000";

  private record BucketKey(String topic, Instant start) {}

  /**
   * @param format the connector's {@code index.name.format}
   * @param version its {@code index.version}
   */
  public IndexNames(String format, int version) {
    this.format = format;
    this.version = version;
    this.buckets = BucketFormat.in(format);
    // With buckets, the time placeholder stands for "any text" in the pattern, as the topic does.
    this.plain =
        new NameFormat(
            BucketFormat.PLACEHOLDER.matcher(format).replaceAll("\\${topic}"),
            version,
            WriteTarget.MAX_INDEX_BYTES);
  }

  /** Whether names carry a time bucket, so that every target needs the record's time. */
  public boolean bucketed() {
    return buckets.isPresent();
  }

  /** The bucket format, when names carry one. */
  public Optional<BucketFormat> buckets() {
    return buckets;
  }

  /**
   * The target of {@code topic}'s records.
   *
   * @throws IllegalStateException when names carry a time bucket: use {@link #targetFor(String,
   *     Instant)}
   */
  public WriteTarget targetFor(String topic) {
    if (buckets.isPresent()) {
      throw new IllegalStateException("Index names of " + format + " need the record's time");
    }
    return targets.computeIfAbsent(topic, t -> WriteTarget.of(plain.nameFor(topic)));
  }

  /** The target of {@code topic}'s records of {@code time}: its time bucket's index. */
  public WriteTarget targetFor(String topic, Instant time) {
    if (buckets.isEmpty()) {
      return targetFor(topic);
    }
    BucketFormat bucketFormat = buckets.get();
    return targets.computeIfAbsent(
        new BucketKey(topic, bucketFormat.startOf(time)),
        key -> {
          TimeBucket bucket = bucketFormat.bucketOf(time);
          String withBucket =
              BucketFormat.PLACEHOLDER
                  .matcher(format)
                  .replaceFirst(java.util.regex.Matcher.quoteReplacement(bucket.text()));
          NameFormat named = new NameFormat(withBucket, version, WriteTarget.MAX_INDEX_BYTES);
          return WriteTarget.of(named.nameFor(topic), bucket);
        });
  }

  /**
   * The name of {@code topic}'s index, or with time buckets the names of all its buckets as one
   * wildcard expression, the bucket's text a {@code *} (topics and formats never keep a {@code *}:
   * it is among the characters replaced). Two topics whose family names are equal write into the
   * same indexes.
   */
  public String familyName(String topic) {
    if (buckets.isEmpty()) {
      return targetFor(topic).index();
    }
    String withMark = BucketFormat.PLACEHOLDER.matcher(format).replaceFirst(TIME_MARK);
    return new NameFormat(withMark, version, WriteTarget.MAX_INDEX_BYTES)
        .nameFor(topic)
        .replace(TIME_MARK, "*");
  }

  /** Whether {@code index} is {@code topic}'s index, or one of its buckets. */
  public boolean isIndexOf(String topic, String index) {
    String family = familyName(topic);
    int star = family.indexOf('*');
    if (star < 0) {
      return family.equals(index);
    }
    String prefix = family.substring(0, star);
    String suffix = family.substring(star + 1);
    return index.length() > prefix.length() + suffix.length()
        && index.startsWith(prefix)
        && index.endsWith(suffix);
  }

  /** A wildcard expression that matches the name of every index this connector can write. */
  public String pattern() {
    return plain.pattern();
  }
}
