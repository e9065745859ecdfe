package dev.unbundled.search.it.benchmark;

import java.time.Instant;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The benchmark's topic, generated from a seed so every run (and every pass over it in one run)
 * sees the same records: string keys drawn from {@code keys} distinct values, so later records
 * update earlier documents, and JSON values of about 500 bytes with eleven fields of mixed types
 * (numbers, strings, a boolean, a timestamp, a nested object and an array).
 */
final class BenchmarkRecords implements Iterable<BenchmarkRecords.Record> {

  /** One record as produced: its key and its JSON value. */
  record Record(String key, String value) {}

  private static final String[] WORDS = {
    "alpha", "bravo", "cable", "delta", "ember", "frost", "glide", "harbor", "ivory", "jolly",
    "karma", "lunar", "maple", "noble", "orbit", "pearl", "quartz", "river", "solar", "tango",
    "umber", "velvet", "willow", "xenon", "yonder", "zephyr"
  };
  private static final long FIRST_TIMESTAMP =
      Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

  private final long seed;
  private final int count;
  private final int keys;

  BenchmarkRecords(long seed, int count, int keys) {
    this.seed = seed;
    this.count = count;
    this.keys = keys;
  }

  int count() {
    return count;
  }

  /** How many documents the index holds at the end: the distinct keys actually drawn. */
  int distinctKeys() {
    BitSet seen = new BitSet(keys);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      seen.set(random.nextInt(keys));
    }
    return seen.cardinality();
  }

  @Override
  public Iterator<Record> iterator() {
    // Keys come from their own stream, so distinctKeys() can replay it without building values.
    SplittableRandom keyRandom = new SplittableRandom(seed);
    SplittableRandom random = new SplittableRandom(seed + 1);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Record next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int key = keyRandom.nextInt(keys);
        return new Record("p" + key, value(random, key, next++));
      }
    };
  }

  /** Only generated words and numbers: nothing to escape. */
  private static String value(SplittableRandom random, int key, int sequence) {
    StringBuilder json = new StringBuilder(600);
    json.append("{\"id\":").append(key);
    json.append(",\"sku\":\"SKU-").append(Integer.toHexString(random.nextInt())).append('"');
    json.append(",\"title\":\"Product ").append(key).append(' ');
    words(json, random, 8).append('"');
    json.append(",\"description\":\"");
    words(json, random, 40).append('"');
    json.append(",\"price\":").append(random.nextInt(10_000_000) / 100.0);
    json.append(",\"stock\":").append(random.nextInt(1_000));
    json.append(",\"active\":").append(random.nextBoolean());
    json.append(",\"updated_at\":\"")
        .append(Instant.ofEpochSecond(FIRST_TIMESTAMP + sequence))
        .append('"');
    json.append(",\"revision\":").append(sequence);
    json.append(",\"category\":{\"id\":").append(random.nextInt(200)).append(",\"name\":\"");
    words(json, random, 2).append("\"}");
    json.append(",\"tags\":[\"");
    words(json, random, 1).append("\",\"");
    words(json, random, 1).append("\"]}");
    return json.toString();
  }

  private static StringBuilder words(StringBuilder text, SplittableRandom random, int count) {
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text;
  }
}
