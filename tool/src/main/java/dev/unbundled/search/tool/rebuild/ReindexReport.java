package dev.unbundled.search.tool.rebuild;

import dev.unbundled.search.tool.status.PhaseWait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A rebuild in plain lines: what changes, what stands in the way, and what to do next. */
public final class ReindexReport {

  private ReindexReport() {}

  public static List<String> plan(Reindex.Prepared prepared) {
    ReindexPlan plan = prepared.plan();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Rebuild of "
            + plan.from()
            + " as "
            + plan.to()
            + " (index.version "
            + plan.fromVersion()
            + " -> "
            + plan.toVersion()
            + ")"
            + (prepared.indexes().isEmpty()
                ? "."
                : ", writing " + String.join(", ", prepared.indexes()) + "."));
    lines.add("Changes to " + plan.from() + "'s configuration:");
    ConfigDiff.lines(prepared.changes()).forEach(line -> lines.add("  " + line));
    prepared.warnings().forEach(warning -> lines.add("Note: " + warning));
    if (prepared.errors().isEmpty()) {
      lines.add("Kafka Connect validated the new configuration: no errors.");
    }
    return lines;
  }

  /** Every error per key, then every other reason, as promote and rollback list their refusals. */
  public static List<String> refusal(Reindex.Prepared prepared) {
    List<String> lines = new ArrayList<>();
    lines.add("Refusing to create connector " + prepared.plan().to() + ":");
    for (Map.Entry<String, List<String>> key : prepared.errors().entrySet()) {
      key.getValue().forEach(error -> lines.add("  - " + key.getKey() + ": " + error));
    }
    prepared.refusals().forEach(reason -> lines.add("  - " + reason));
    lines.add("Nothing was created.");
    return lines;
  }

  public static List<String> nextSteps(ReindexPlan plan, PhaseWait.Result result) {
    if (result.outcome() != PhaseWait.Outcome.REACHED) {
      return List.of(
          "The connector " + plan.to() + " exists; see: search-sink status " + plan.to());
    }
    if (result.until() == PhaseWait.Until.CAUGHT_UP) {
      return List.of("Promote it when satisfied: search-sink promote " + plan.to());
    }
    return List.of(
        "Readers now use "
            + plan.to()
            + "'s indexes; going back is: search-sink rollback <alias>. When satisfied:"
            + " search-sink retire "
            + plan.from()
            + " --delete-indexes");
  }
}
