package dev.unbundled.search.tool.command;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.ToolJson;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.rebuild.ConfigDiff;
import dev.unbundled.search.tool.rebuild.ConfigOverrides;
import dev.unbundled.search.tool.rebuild.Reindex;
import dev.unbundled.search.tool.rebuild.ReindexPlan;
import dev.unbundled.search.tool.rebuild.ReindexReport;
import dev.unbundled.search.tool.rebuild.SnapshotStart;
import dev.unbundled.search.tool.session.ElasticsearchIndexes;
import dev.unbundled.search.tool.session.Endpoints;
import dev.unbundled.search.tool.session.SearchIndexes;
import dev.unbundled.search.tool.status.PhaseWait;
import dev.unbundled.search.tool.status.PhaseWaitRun;
import dev.unbundled.search.tool.status.StatusSampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A rebuild in one command: the next version of a connector, from its own configuration with only
 * the intended changes, validated by Connect and checked against what exists before it is created,
 * then watched until its index is live (or, with manual promotion, caught up).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "reindex",
    description =
        "Create the next version of a connector from its configuration: index.version + 1, name"
            + " -vN -> -vN+1, your --set/--unset changes; validated by Kafka Connect and checked"
            + " (name free, no other connector's index) before anything is created; then shows"
            + " its progress until its index is live (with alias.promotion=manual: caught up and"
            + " on the preview alias).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:created (and, when watched, reached); --dry-run: would be created",
      "1:refused, nothing created: validation errors, a taken name, an index of another"
          + " connector",
      "2:could not run (arguments, Connect or the search engine unreachable)",
      "3:created, but --timeout ran out while watching",
      "4:created, but the new connector or a task failed (its trace is printed)"
    })
public final class ReindexCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Parameters(
      paramLabel = "CONNECTOR",
      description = "The connector to rebuild, e.g. orders-search-v1.")
  String connector;

  @Option(
      names = "--name",
      paramLabel = "NEW",
      description = "The new connector's name (default: the old one with its -vN bumped).")
  String name;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Set a key in the new configuration; KEY=@FILE reads the value from a file (e.g. new"
              + " index.mappings), KEY=@@TEXT is the literal @TEXT. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--unset",
      paramLabel = "KEY",
      description = "Remove a key from the new configuration. Repeatable.")
  List<String> unsets = new ArrayList<>();

  @Option(
      names = "--from-last-snapshot",
      description =
          "Start the new connector where the last complete source snapshot began in each"
              + " partition, as the old connector's snapshot sweep recorded it"
              + " (cdc.snapshot.sweep=true), instead of at offset zero: a ghost-free rebuild that"
              + " skips the history before it. The connector is created stopped, its offsets set,"
              + " then resumed (Kafka Connect 3.7 or later).")
  boolean fromLastSnapshot;

  @Option(
      names = "--dry-run",
      description = "Print the changes and Connect's validation, create nothing.")
  boolean dryRun;

  @Option(
      names = "--watch",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Show the new connector's progress until its index is live (--no-watch: return once"
              + " created). Default: watch.")
  boolean watch;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to watch at most, e.g. 30m (default: no limit).")
  Duration timeout;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "Seconds between samples while watching (default: ${DEFAULT-VALUE}).")
  double intervalSeconds;

  @Option(names = "--json", description = "Print one JSON document (progress goes to stderr).")
  boolean json;

  @Option(names = "--plain", description = "Plain lines even in a terminal.")
  boolean plain;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** What {@code --json} prints. */
  record Result(
      String connector,
      String newConnector,
      int fromVersion,
      int toVersion,
      List<String> indexes,
      List<ConfigDiff.Change> changes,
      Map<String, List<String>> errors,
      List<String> refusals,
      List<String> warnings,
      boolean dryRun,
      boolean created,
      PhaseWaitRun.Report watched) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConnectClient connect = endpoints.connect.client();
    ConfigOverrides overrides = ConfigOverrides.parse(sets, unsets, Path.of(""));
    Reindex reindex = new Reindex(connect, ElasticsearchIndexes.opener(endpoints::open));
    Reindex.Prepared prepared = reindex.prepare(connector, overrides, name);
    ReindexPlan plan = prepared.plan();
    if (!json) {
      ReindexReport.plan(prepared).forEach(out::println);
      out.flush();
    }
    if (!prepared.ok()) {
      return finish(
          out, prepared, false, null, ReindexReport.refusal(prepared), ExitCode.REFUSED.code());
    }
    Map<TopicPartition, Long> start = null;
    if (fromLastSnapshot) {
      List<String> missing = new ArrayList<>();
      start = snapshotStart(plan, missing);
      if (!missing.isEmpty()) {
        Reindex.Prepared refused =
            prepared.refusedFor(
                "no complete snapshot is recorded for topic(s) "
                    + missing
                    + ": "
                    + plan.from()
                    + " needs cdc.snapshot.sweep=true and a snapshot it has swept; rebuild"
                    + " from offset zero instead (without --from-last-snapshot)");
        return finish(
            out, refused, false, null, ReindexReport.refusal(refused), ExitCode.REFUSED.code());
      }
      if (!json) {
        out.println("Starts where the last complete snapshot began: " + start);
        out.flush();
      }
    }
    if (dryRun) {
      return finish(
          out, prepared, false, null, List.of("Dry run: nothing created."), ExitCode.OK.code());
    }
    boolean created =
        start == null ? reindex.create(prepared) : reindex.createFrom(prepared, start);
    if (!created) {
      Reindex.Prepared taken =
          new Reindex.Prepared(
              plan,
              prepared.changes(),
              prepared.errors(),
              List.of("connector " + plan.to() + " was created by someone else meanwhile"),
              prepared.warnings(),
              prepared.indexes());
      return finish(out, taken, false, null, ReindexReport.refusal(taken), ExitCode.REFUSED.code());
    }
    if (!json) {
      out.println("Created connector " + plan.to() + ".");
    }
    if (!watch) {
      return finish(
          out,
          prepared,
          true,
          null,
          List.of(
              "Follow it with: search-sink status " + plan.to() + " --until " + until(plan).label),
          ExitCode.OK.code());
    }
    PhaseWait.Until until = until(plan);
    if (!json) {
      out.println(
          "Watching "
              + plan.to()
              + " until "
              + until.label
              + " (Ctrl-C stops watching; the connector keeps running)...");
      out.flush();
    }
    Duration interval = Duration.ofMillis((long) (intervalSeconds * 1000));
    boolean terminal = !json && !plain && System.console() != null;
    PhaseWait.Result result;
    try (StatusSampler sampler = new StatusSampler(connect, endpoints::open, List.of(plan.to()))) {
      result =
          new PhaseWaitRun(until, timeout, interval, List.of(plan.to()), json, terminal)
              .await(sampler::read, json ? err : out);
    }
    List<String> lines = new ArrayList<>(PhaseWaitRun.outcomeLines(result, timeout));
    lines.addAll(ReindexReport.nextSteps(plan, result));
    return finish(out, prepared, true, PhaseWaitRun.Report.of(result), lines, result.exitCode());
  }

  /**
   * Per partition, where the old connector's last swept snapshot began; topics without in missing.
   */
  private Map<TopicPartition, Long> snapshotStart(ReindexPlan plan, List<String> missing)
      throws Exception {
    Map<String, String> old = endpoints.settingsFor(plan.oldConfig());
    Map<String, Long> beginnings;
    try (SearchIndexes cluster =
        ElasticsearchIndexes.opener(endpoints::open).open(plan.from(), old)) {
      beginnings = SnapshotStart.beginnings(plan.from(), cluster.indexes().values(), missing);
    }
    if (!missing.isEmpty()) {
      return Map.of();
    }
    try (Admin admin = Admin.create(new SearchSinkConfig(old).kafkaAdminConfig())) {
      return SnapshotStart.offsets(admin, beginnings);
    }
  }

  /** Live with automatic promotion; caught up (and previewed) when promotion is manual. */
  private static PhaseWait.Until until(ReindexPlan plan) {
    return "manual"
            .equalsIgnoreCase(plan.newConfig().getOrDefault("alias.promotion", "auto").strip())
        ? PhaseWait.Until.CAUGHT_UP
        : PhaseWait.Until.LIVE;
  }

  private int finish(
      PrintWriter out,
      Reindex.Prepared prepared,
      boolean created,
      PhaseWaitRun.Report wait,
      List<String> lines,
      int exitCode)
      throws Exception {
    if (json) {
      ReindexPlan plan = prepared.plan();
      out.println(
          ToolJson.MAPPER.writeValueAsString(
              new Result(
                  plan.from(),
                  plan.to(),
                  plan.fromVersion(),
                  plan.toVersion(),
                  prepared.indexes(),
                  prepared.changes(),
                  prepared.errors(),
                  prepared.refusals(),
                  prepared.warnings(),
                  dryRun,
                  created,
                  wait)));
    } else {
      lines.forEach(out::println);
    }
    out.flush();
    return exitCode;
  }
}
