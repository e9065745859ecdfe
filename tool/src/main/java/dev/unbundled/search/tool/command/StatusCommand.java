package dev.unbundled.search.tool.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.ToolJson;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.session.Endpoints;
import dev.unbundled.search.tool.status.ConnectorStatus;
import dev.unbundled.search.tool.status.LiveStatusView;
import dev.unbundled.search.tool.status.PhaseWait;
import dev.unbundled.search.tool.status.PhaseWaitRun;
import dev.unbundled.search.tool.status.PlainStatusFormat;
import dev.unbundled.search.tool.status.StatusSampler;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Where every connector of the plugin stands. In a terminal: live progress bars until interrupted.
 * Otherwise (or with {@code --plain}) plain lines, and with {@code --json} JSON: once, or every
 * interval with {@code --watch}. Rates need two samples, so a single report takes one interval.
 * With {@code --until}, it waits for a phase instead ({@link PhaseWaitRun}), and its exit code says
 * how the wait ended.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description =
        "Connectors, their indexes, phases, progress, rates, time to catch up, and where each"
            + " alias points; with --until, waits for a phase.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:reported; --until: every connector shown reached the phase",
      "2:could not run (arguments, Connect unreachable, no such connector), or the report could"
          + " not read a connector's Kafka or the search engine (the reason is printed)",
      "3:--until: --timeout ran out first",
      "4:--until: a connector or task failed (its trace is printed)"
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Parameters(
      paramLabel = "CONNECTOR",
      arity = "0..*",
      description = "Only these connectors (default: every connector of the plugin).")
  List<String> only = List.of();

  @Option(names = "--json", description = "Print JSON (one document per report).")
  boolean json;

  @Option(names = "--plain", description = "Plain lines even in a terminal.")
  boolean plain;

  @Option(names = "--watch", description = "Keep reporting every interval, until interrupted.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
  double intervalSeconds;

  @Option(
      names = "--until",
      paramLabel = "PHASE",
      converter = PhaseWait.UntilConverter.class,
      description =
          "Wait until every shown connector is live (holds its read aliases) or caught-up (build"
              + " over, on its preview aliases), then exit 0; exit 3 on --timeout, 4 when a"
              + " connector or task fails (with its trace).")
  PhaseWait.Until until;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "With --until: how long to wait, e.g. 90s, 10m, 1h30m (default: no limit).")
  Duration timeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration interval = Duration.ofMillis((long) (intervalSeconds * 1000));
    ConnectClient connect = endpoints.connect.client();
    PrintWriter out = spec.commandLine().getOut();
    boolean live = !json && !plain && System.console() != null;
    try (StatusSampler sampler = new StatusSampler(connect, endpoints::open, only)) {
      if (until != null) {
        for (String name : only) {
          connect.searchSinkConfig(name); // a connector that does not exist is not waited for
        }
        return new PhaseWaitRun(until, timeout, interval, only, json, live)
            .run(sampler::read, out, spec.commandLine().getErr());
      }
      List<ConnectorStatus> statuses = sampler.read(); // the first sample, for rates
      boolean once = !watch && !live;
      if (once && unreadable(statuses)) {
        print(statuses, out); // a second sample, for rates, would wait as long to fail again
        return ExitCode.COULD_NOT_RUN.code();
      }
      try (LiveStatusView view = live ? new LiveStatusView() : null) {
        do {
          Thread.sleep(interval.toMillis());
          statuses = sampler.read();
          if (view != null) {
            view.show(statuses);
          } else {
            print(statuses, out);
          }
        } while (watch || view != null);
      }
      // A report with a part it could not read must not pass for a healthy one in a script.
      return (unreadable(statuses) ? ExitCode.COULD_NOT_RUN : ExitCode.OK).code();
    }
  }

  private static boolean unreadable(List<ConnectorStatus> statuses) {
    return statuses.stream().anyMatch(status -> status.error() != null);
  }

  private void print(List<ConnectorStatus> statuses, PrintWriter out)
      throws JsonProcessingException {
    if (json) {
      out.println(ToolJson.MAPPER.writeValueAsString(Map.of("connectors", statuses)));
    } else {
      PlainStatusFormat.lines(statuses).forEach(out::println);
    }
    out.flush();
  }
}
