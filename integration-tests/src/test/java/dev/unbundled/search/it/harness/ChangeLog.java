package dev.unbundled.search.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generated change logs of keyed JSON rows, and the model of what an index must end up holding. */
public final class ChangeLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeLog() {}

  /**
   * A random mix of inserts, updates and tombstones (about one change in {@code deleteOneIn}) over
   * {@code keys} keys named {@code k<n>}.
   */
  public static List<Map.Entry<String, String>> random(
      int keys, int changes, int deleteOneIn, long seed) {
    Random random = new Random(seed);
    List<Map.Entry<String, String>> records = new ArrayList<>(changes);
    for (int i = 0; i < changes; i++) {
      int key = random.nextInt(keys);
      String value = random.nextInt(deleteOneIn) == 0 ? null : row(key, "rev-" + i);
      records.add(new SimpleEntry<>("k" + key, value));
    }
    return records;
  }

  /** The latest record of each key whose latest record is not a tombstone. */
  public static Map<String, Kafka.Produced> latestLiveRecords(List<Kafka.Produced> produced) {
    Map<String, Kafka.Produced> latest = new HashMap<>();
    for (Kafka.Produced record : produced) {
      latest.put(record.key(), record);
    }
    latest.values().removeIf(record -> record.value() == null);
    return latest;
  }

  /** A JSON row with strings, numbers, a boolean and a nested object. */
  public static String row(int id, String status) {
    ObjectNode row =
        JSON.createObjectNode()
            .put("id", id)
            .put("status", status)
            .put("amount", id * 1.25)
            .put("paid", id % 2 == 0);
    row.putObject("customer").put("name", "customer " + id).put("tier", id % 5);
    return row.toString();
  }
}
