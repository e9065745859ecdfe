package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.NameFormat;
import dev.unbundled.search.connector.index.TimeBucket;
import dev.unbundled.search.connector.index.WriteTarget;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a connector's time buckets whose whole time range ended longer ago than {@code
 * index.retention.ms}: only its own buckets (their {@code _meta} names this connector and version
 * and records the bucket), and never one that an alias other than its own write, read and preview
 * aliases points at (someone else reads it: it is left, with a warning).
 *
 * <p>The tasks stop writing into a bucket once its records are past the retention; deletion waits
 * {@link #GRACE} longer, so that a write converted just before that moment is not sent to a bucket
 * that is gone.
 */
public final class BucketRetention {

  private static final Logger log = LoggerFactory.getLogger(BucketRetention.class);

  /** How much longer than the retention a bucket is kept before it is deleted. */
  static final Duration GRACE = Duration.ofMinutes(10);

  private final JsonApi es;
  private final Duration retention;
  private final NameFormat readAlias;
  private final Optional<NameFormat> previewAlias;
  private final Clock clock;

  public BucketRetention(
      JsonApi es,
      Duration retention,
      NameFormat readAlias,
      Optional<NameFormat> previewAlias,
      Clock clock) {
    this.es = es;
    this.retention = retention;
    this.readAlias = readAlias;
    this.previewAlias = previewAlias;
    this.clock = clock;
  }

  /**
   * Deletes the buckets among {@code own} that are past the retention.
   *
   * @return the names of the buckets deleted
   */
  List<String> apply(Map<String, IndexCatalog.IndexEntry> own) throws IOException {
    Instant before = clock.instant().minus(retention).minus(GRACE);
    List<IndexCatalog.IndexEntry> expired = new ArrayList<>();
    for (IndexCatalog.IndexEntry index : own.values()) {
      Optional<TimeBucket> bucket = TimeBucket.fromMeta(index.meta());
      if (bucket.isPresent() && bucket.get().endsBefore(before)) {
        expired.add(index);
      }
    }
    if (expired.isEmpty()) {
      return List.of();
    }
    JsonNode aliases =
        es.get(
                "/"
                    + String.join(",", expired.stream().map(IndexCatalog.IndexEntry::name).toList())
                    + "/_alias?ignore_unavailable=true")
            .orElse(null);
    List<String> done = new ArrayList<>();
    for (IndexCatalog.IndexEntry index : expired) {
      Set<String> foreign = foreignAliases(index, aliases);
      if (!foreign.isEmpty()) {
        log.warn(
            "Not deleting time bucket {}, past the retention of {}: aliases {} that are not"
                + " this connector's point at it",
            index.name(),
            retention,
            foreign);
        continue;
      }
      es.send("DELETE", "/" + index.name(), null);
      done.add(index.name());
      log.info(
          "Deleted time bucket {} ({}): its time range ended more than {} ago",
          index.name(),
          TimeBucket.fromMeta(index.meta()).map(TimeBucket::text).orElse(""),
          retention);
    }
    return done;
  }

  private Set<String> foreignAliases(IndexCatalog.IndexEntry index, JsonNode aliases) {
    Set<String> foreign = new TreeSet<>();
    if (aliases == null) {
      return foreign;
    }
    String topic = index.ownership().map(IndexOwnership::topic).orElse("");
    Set<String> ours = new TreeSet<>();
    ours.add(readAlias.nameFor(topic));
    previewAlias.ifPresent(format -> ours.add(format.nameFor(topic)));
    for (Iterator<String> names = aliases.path(index.name()).path("aliases").fieldNames();
        names.hasNext(); ) {
      String alias = names.next();
      if (!ours.contains(alias) && !WriteTarget.isWriteAliasOf(alias, index.name())) {
        foreign.add(alias);
      }
    }
    return foreign;
  }
}
