package dev.unbundled.search.tool.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How an index compares with what its topics say it should hold.
 *
 * @param recordsFailed records the sink would fail or send to the dead-letter queue
 * @param recordsBehind records the connector had not yet committed when verify started: differences
 *     may be writes still on their way
 */
public record VerifyReport(
    String connector,
    long recordsRead,
    long recordsFailed,
    List<String> failures,
    long recordsBehind,
    List<IndexReport> indexes) {

  /**
   * One index. Each list holds at most {@code --max-ids} ids, in order; the counts are complete.
   *
   * @param versionsCompared false when the connector writes without external versions
   * @param sourcesCompared false for upserts, whose documents are merges of several records
   */
  public record IndexReport(
      String index,
      boolean exists,
      long expected,
      long found,
      long missingCount,
      List<String> missing,
      long extraCount,
      List<String> extra,
      long otherVersionCount,
      List<String> otherVersion,
      long otherSourceCount,
      List<String> otherSource,
      long misplacedCount,
      List<String> misplaced,
      boolean versionsCompared,
      boolean sourcesCompared) {

    public boolean matches() {
      return missingCount == 0
          && extraCount == 0
          && otherVersionCount == 0
          && otherSourceCount == 0
          && misplacedCount == 0;
    }
  }

  public boolean matches() {
    return indexes.stream().allMatch(IndexReport::matches);
  }

  public static IndexReport compare(
      String index,
      Map<String, TopicReplay.Expected> expected,
      Map<String, IndexContents.Stored> found,
      boolean exists,
      int maxIds) {
    Samples missing = new Samples(maxIds);
    Samples extra = new Samples(maxIds);
    Samples otherVersion = new Samples(maxIds);
    Samples otherSource = new Samples(maxIds);
    Samples misplaced = new Samples(maxIds);
    boolean versions = false;
    boolean sources = false;
    for (Map.Entry<String, TopicReplay.Expected> entry : expected.entrySet()) {
      IndexContents.Stored stored = found.get(entry.getKey());
      TopicReplay.Expected wanted = entry.getValue();
      versions |= wanted.version() != null;
      sources |= wanted.sourceHash() != null;
      if (stored == null) {
        missing.add(entry.getKey());
      } else if (stored.copies() > 1
          || wanted.routing() != null && !wanted.routing().equals(stored.routing())) {
        misplaced.add(entry.getKey());
      } else if (wanted.version() != null && wanted.version() != stored.version()) {
        otherVersion.add(entry.getKey());
      } else if (wanted.sourceHash() != null && wanted.sourceHash() != stored.sourceHash()) {
        otherSource.add(entry.getKey());
      }
    }
    for (String id : found.keySet()) {
      if (!expected.containsKey(id)) {
        extra.add(id);
      }
    }
    return new IndexReport(
        index,
        exists,
        expected.size(),
        found.size(),
        missing.count,
        missing.ids(),
        extra.count,
        extra.ids(),
        otherVersion.count,
        otherVersion.ids(),
        otherSource.count,
        otherSource.ids(),
        misplaced.count,
        misplaced.ids(),
        versions,
        sources);
  }

  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "verify %s: read %,d records to the end of the topics (%,d the sink would fail)",
            connector,
            recordsRead,
            recordsFailed));
    failures.forEach(failure -> lines.add("  would fail: " + failure));
    if (recordsBehind > 0) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  note: the connector was %,d records behind; differences may be writes on their"
                  + " way",
              recordsBehind));
    }
    for (IndexReport index : indexes) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  index %s: expected %,d documents, found %,d%s: %,d missing, %,d extra, %,d with"
                  + " another version%s, %,d with another source%s%s -> %s",
              index.index(),
              index.expected(),
              index.found(),
              index.exists() ? "" : " (no such index)",
              index.missingCount(),
              index.extraCount(),
              index.otherVersionCount(),
              index.versionsCompared() ? "" : " (not compared)",
              index.otherSourceCount(),
              index.sourcesCompared() ? "" : " (not compared)",
              index.misplacedCount() == 0
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", %,d under another routing or stored twice",
                      index.misplacedCount()),
              index.matches() ? "MATCH" : "DIFFERENT"));
      ids(lines, "missing", index.missingCount(), index.missing());
      ids(lines, "extra", index.extraCount(), index.extra());
      ids(lines, "another version", index.otherVersionCount(), index.otherVersion());
      ids(lines, "another source", index.otherSourceCount(), index.otherSource());
      ids(lines, "another routing or stored twice", index.misplacedCount(), index.misplaced());
    }
    lines.add(matches() ? "MATCH" : "DIFFERENT");
    return lines;
  }

  private static void ids(List<String> lines, String what, long count, List<String> ids) {
    if (count > 0) {
      lines.add(
          "    "
              + what
              + ": "
              + String.join(", ", ids)
              + (count > ids.size() ? " and " + (count - ids.size()) + " more" : ""));
    }
  }

  /** The first few ids of a kind, in order, and how many there are. */
  private static final class Samples {
    private final int max;
    private final TreeSet<String> ids = new TreeSet<>();
    private long count;

    Samples(int max) {
      this.max = max;
    }

    void add(String id) {
      count++;
      ids.add(id);
      if (ids.size() > max) {
        ids.pollLast();
      }
    }

    List<String> ids() {
      return List.copyOf(ids);
    }
  }
}
