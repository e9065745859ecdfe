package dev.unbundled.search.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description =
        "Connectors, their indexes, phases, progress, rates, time to catch up, and where each"
            + " alias points.")
final class StatusCommand implements Callable<Integer> {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

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

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final Map<String, ConnectorSession> sessions = new HashMap<>();
  private final RateTracker rates = new RateTracker(Duration.ofSeconds(30));

  @Override
  public Integer call() throws Exception {
    Duration interval = Duration.ofMillis((long) (intervalSeconds * 1000));
    ConnectClient connect = new ConnectClient(endpoints.connect);
    PrintWriter out = spec.commandLine().getOut();
    boolean live = !json && !plain && System.console() != null;
    try (LiveStatusView view = live ? new LiveStatusView() : null) {
      read(connect); // the first sample, for rates
      do {
        Thread.sleep(interval.toMillis());
        List<ConnectorStatus> statuses = read(connect);
        if (view != null) {
          view.show(statuses);
        } else if (json) {
          out.println(JSON.writeValueAsString(Map.of("connectors", statuses)));
        } else {
          PlainStatusFormat.lines(statuses).forEach(out::println);
        }
        out.flush();
      } while (watch || view != null);
    } finally {
      sessions.values().forEach(ConnectorSession::close);
    }
    return 0;
  }

  private List<ConnectorStatus> read(ConnectClient connect) throws Exception {
    List<ConnectorStatus> statuses = new ArrayList<>();
    StatusReader reader = new StatusReader(rates);
    for (SinkConnectorInfo info : connect.sinkConnectors()) {
      if (!only.isEmpty() && !only.contains(info.name())) {
        continue;
      }
      try {
        ConnectorSession session = sessions.get(info.name());
        if (session == null || !session.info().config().equals(info.config())) {
          if (session != null) {
            session.close();
          }
          session = new ConnectorSession(info, endpoints);
          sessions.put(info.name(), session);
        }
        session.update(info);
        statuses.add(reader.read(session));
      } catch (Exception e) {
        statuses.add(ConnectorStatus.unreadable(info, ToolErrors.describe(e)));
      }
    }
    return statuses;
  }
}
