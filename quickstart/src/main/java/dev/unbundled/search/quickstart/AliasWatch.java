package dev.unbundled.search.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.localstack.LocalConnect;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the quickstart prints while a connector builds its index: the share of the topic it has
 * committed, the phases of both indexes, what readers of the alias see, and where the alias points.
 */
final class AliasWatch {

  private final String topic;
  private final int partitions;
  private final String alias;
  private final long startedNanos;
  private final Consumer<String> say;

  AliasWatch(String topic, int partitions, String alias, long startedNanos, Consumer<String> say) {
    this.topic = topic;
    this.partitions = partitions;
    this.alias = alias;
    this.startedNanos = startedNanos;
    this.say = say;
  }

  /** Prints progress until the alias points at {@code index}; the other index keeps serving. */
  void awaitAlias(Search search, LocalConnect connect, Admin admin, String index, String serving)
      throws Exception {
    String connector = "products-search-" + index.substring(index.lastIndexOf('-') + 1);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    while (System.nanoTime() < deadline) {
      List<String> targets = search.aliasTargets(alias);
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "  [%4.0fs] %s: %s of the topic committed, %s",
                  (System.nanoTime() - startedNanos) / 1e9,
                  index,
                  progress(admin, connector),
                  search.phase(index)));
      if (serving != null) {
        line.append(
            String.format(
                " | %s: %,d docs, %s", serving, search.count(serving), search.phase(serving)));
        line.append(String.format(" | readers of '%s' see %,d docs", alias, search.count(alias)));
      }
      line.append(" | alias ")
          .append(alias)
          .append(" -> ")
          .append(targets.isEmpty() ? "(none yet)" : String.join(",", targets));
      say.accept(line.toString());
      if (targets.equals(List.of(index))) {
        say.accept(
            String.format(
                "  The alias '%s' now points at %s (moved in one atomic _aliases request).",
                alias, index));
        return;
      }
      JsonNode status = connect.rest().status(connector);
      for (JsonNode task : status.path("tasks")) {
        if (task.path("state").asText().equals("FAILED")) {
          throw new IllegalStateException("A task failed: " + task.path("trace").asText());
        }
      }
      Thread.sleep(2_000);
    }
    throw new IllegalStateException("The alias did not move to " + index + " within 15 minutes");
  }

  /** The share of the topic's records the connector has committed (its consumer group). */
  private String progress(Admin admin, String connector) throws Exception {
    long end = endOffsets(admin);
    long committed = TopicOffsets.committed(admin, connector);
    return String.format(
        "%3.0f%% (%,d of %,d)", end == 0 ? 100.0 : 100.0 * committed / end, committed, end);
  }

  /** The records in the topic so far. */
  long endOffsets(Admin admin) throws Exception {
    return TopicOffsets.end(admin, topic, partitions);
  }
}
