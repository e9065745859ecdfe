package dev.unbundled.search.tool.command;

import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.ToolJson;
import dev.unbundled.search.tool.alias.Moves;
import dev.unbundled.search.tool.rebuild.Retire;
import dev.unbundled.search.tool.session.ElasticsearchIndexes;
import dev.unbundled.search.tool.session.Endpoints;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The end of a rebuild: deletes the old connector, and with {@code --delete-indexes} its own
 * indexes, after listing them and asking.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "retire",
    description =
        "Stop and delete a connector readers no longer use and, with --delete-indexes, its"
            + " committed offsets and the indexes whose _meta names it (never another index)."
            + " Refuses while any alias points at one of its indexes; asks first unless --yes.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:retired; --dry-run: would be retired",
      "1:refused or not confirmed, nothing changed",
      "2:could not run (arguments, Connect or the search engine unreachable)"
    })
public final class RetireCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Parameters(
      paramLabel = "CONNECTOR",
      description = "The connector to retire, e.g. orders-search-v1.")
  String connector;

  @Option(
      names = "--delete-indexes",
      description = "Also delete its committed offsets and the indexes whose _meta names it.")
  boolean deleteIndexes;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--dry-run", description = "Print what would be done, change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** What {@code --json} prints. */
  record Result(
      String connector,
      List<String> indexes,
      boolean deleteIndexes,
      List<String> steps,
      List<String> refusals,
      boolean dryRun,
      boolean confirmed,
      boolean retired,
      boolean offsetsDeleted,
      List<String> deletedIndexes,
      Map<String, String> keptIndexes) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Retire retire =
        new Retire(endpoints.connect.client(), ElasticsearchIndexes.opener(endpoints::open));
    Retire.Plan plan = retire.plan(connector, deleteIndexes);
    List<String> refusals = plan.refusals();
    if (!refusals.isEmpty()) {
      if (json) {
        print(out, plan, refusals, false, null);
        return ExitCode.REFUSED.code();
      }
      return Moves.refuse(out, "retire " + connector, refusals);
    }
    if (!json) {
      out.println((dryRun ? "Would retire " : "Retiring ") + connector + ":");
      plan.steps().forEach(step -> out.println("  - " + step));
      out.flush();
    }
    if (dryRun) {
      if (json) {
        print(out, plan, refusals, false, null);
      } else {
        out.println("Dry run: nothing changed.");
      }
      out.flush();
      return ExitCode.OK.code();
    }
    if (!yes && !confirmed(json ? err : out)) {
      if (json) {
        print(out, plan, refusals, false, null);
      } else {
        out.println("Not confirmed: nothing changed (--yes skips the question).");
      }
      out.flush();
      return ExitCode.REFUSED.code();
    }
    Retire.Outcome outcome = retire.execute(plan);
    if (json) {
      print(out, plan, refusals, true, outcome);
    } else {
      out.println("Deleted connector " + connector + ".");
      if (outcome.offsetsDeleted()) {
        out.println("Deleted its committed offsets.");
      }
      outcome.deletedIndexes().forEach(index -> out.println("Deleted index " + index + "."));
      outcome.kept().forEach((index, why) -> out.println("Kept index " + index + ": " + why + "."));
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /** Asks on the terminal, or reads the answer from standard input; no answer is no. */
  private static boolean confirmed(PrintWriter prompt) throws IOException {
    prompt.print("Proceed? [y/N] ");
    prompt.flush();
    Console console = System.console();
    String answer;
    if (console != null) {
      answer = console.readLine();
    } else {
      answer =
          new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
    }
    prompt.println();
    String normalized = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    return normalized.equals("y") || normalized.equals("yes");
  }

  private void print(
      PrintWriter out,
      Retire.Plan plan,
      List<String> refusals,
      boolean confirmed,
      Retire.Outcome outcome)
      throws IOException {
    out.println(
        ToolJson.MAPPER.writeValueAsString(
            new Result(
                connector,
                plan.own(),
                deleteIndexes,
                plan.steps(),
                refusals,
                dryRun,
                confirmed,
                outcome != null,
                outcome != null && outcome.offsetsDeleted(),
                outcome == null ? List.of() : outcome.deletedIndexes(),
                outcome == null ? Map.of() : outcome.kept())));
    out.flush();
  }
}
