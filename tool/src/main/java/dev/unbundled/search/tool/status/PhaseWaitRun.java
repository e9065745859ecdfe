package dev.unbundled.search.tool.status;

import dev.unbundled.search.tool.ToolJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A wait as the operator sees it: progress bars in a terminal, otherwise a few lines each time a
 * connector's state, phase or aliases change (and its progress every 30 s, so logs show it is
 * alive); then how the wait ended, as lines or as one JSON document.
 */
public final class PhaseWaitRun {

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

  /** How a wait ended, as printed with {@code --json}. */
  public record Report(
      String until, String outcome, List<String> reasons, List<ConnectorStatus> connectors) {

    public static Report of(PhaseWait.Result result) {
      return new Report(
          result.until().label,
          result.outcome().name().toLowerCase(Locale.ROOT),
          result.reasons(),
          result.statuses());
    }
  }

  private final PhaseWait.Until until;
  private final Duration timeout;
  private final Duration interval;
  private final List<String> names;
  private final boolean json;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final PhaseWait.Sleeper sleeper;

  /**
   * @param json whether the result is printed as JSON (progress then goes to the error stream)
   * @param terminal whether to draw progress bars
   */
  public PhaseWaitRun(
      PhaseWait.Until until,
      Duration timeout,
      Duration interval,
      List<String> names,
      boolean json,
      boolean terminal) {
    this(
        until,
        timeout,
        interval,
        names,
        json,
        terminal,
        System::nanoTime,
        PhaseWait.Sleeper.SYSTEM);
  }

  /** The same, on a given clock and sleeper (tests hand in ones that do not wait). */
  public PhaseWaitRun(
      PhaseWait.Until until,
      Duration timeout,
      Duration interval,
      List<String> names,
      boolean json,
      boolean terminal,
      LongSupplier nanoTime,
      PhaseWait.Sleeper sleeper) {
    this.until = until;
    this.timeout = timeout;
    this.interval = interval;
    this.names = names;
    this.json = json;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Waits, prints how it ended, and returns the exit code. */
  public int run(PhaseWait.Samples sampler, PrintWriter out, PrintWriter err) throws Exception {
    PhaseWait.Result result = await(sampler, json ? err : out);
    if (json) {
      out.println(ToolJson.MAPPER.writeValueAsString(Report.of(result)));
    } else {
      outcomeLines(result, timeout).forEach(out::println);
    }
    out.flush();
    return result.exitCode();
  }

  /** Waits, showing progress on {@code progress} (or as bars in a terminal). */
  public PhaseWait.Result await(PhaseWait.Samples sampler, PrintWriter progress) throws Exception {
    PhaseWait wait = new PhaseWait(until, names, timeout, interval, nanoTime, sleeper);
    if (terminal) {
      try (LiveStatusView view = new LiveStatusView()) {
        return wait.await(sampler, new BarsListener(view));
      }
    }
    return wait.await(sampler, new LinesListener(progress));
  }

  public static List<String> outcomeLines(PhaseWait.Result result, Duration timeout) {
    List<String> lines = new java.util.ArrayList<>();
    switch (result.outcome()) {
      case REACHED -> {
        List<String> reached = result.statuses().stream().map(ConnectorStatus::name).toList();
        lines.add(
            String.join(", ", reached)
                + (reached.size() == 1 ? " is " : " are ")
                + result.until().label
                + ".");
      }
      case FAILED -> lines.add("Stopped waiting until " + result.until().label + ":");
      case TIMED_OUT ->
          lines.add(
              "Timed out after "
                  + format(timeout)
                  + " waiting until "
                  + result.until().label
                  + ":");
    }
    result.reasons().forEach(reason -> lines.add("  " + reason));
    return lines;
  }

  static String format(Duration duration) {
    return duration == null
        ? "no limit"
        : duration.toString().substring(2).toLowerCase(Locale.ROOT).replace(".0s", "s");
  }

  private record BarsListener(LiveStatusView view) implements PhaseWait.Listener {
    @Override
    public void sampled(List<ConnectorStatus> statuses) {
      view.show(statuses);
    }

    @Override
    public void unreadable(String error) {
      // The bars keep their last state; the next sample redraws them.
    }
  }

  /** Plain lines for a connector when what it shows changes, and its progress now and then. */
  private static final class LinesListener implements PhaseWait.Listener {

    private final PrintWriter out;
    private final Map<String, String> shown = new HashMap<>();
    private final Map<String, Long> progressAt = new HashMap<>();

    LinesListener(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void sampled(List<ConnectorStatus> statuses) {
      long now = System.nanoTime();
      for (ConnectorStatus status : statuses) {
        String signature =
            PlainStatusFormat.stateOf(status)
                + status.phase()
                + status.error()
                + status.aliases()
                + status.topics().stream().map(topic -> topic.indexes() + topic.phase()).toList();
        boolean changed = !signature.equals(shown.put(status.name(), signature));
        Long last = progressAt.get(status.name());
        if (changed) {
          PlainStatusFormat.lines(List.of(status)).forEach(out::println);
          progressAt.put(status.name(), now);
        } else if (last != null && now - last >= PROGRESS_EVERY.toNanos()) {
          status
              .topics()
              .forEach(
                  topic -> out.println(status.name() + "  " + PlainStatusFormat.topicLine(topic)));
          progressAt.put(status.name(), now);
        }
      }
      out.flush();
    }

    @Override
    public void unreadable(String error) {
      out.println("Cannot read the status now (will retry): " + error);
      out.flush();
    }
  }
}
