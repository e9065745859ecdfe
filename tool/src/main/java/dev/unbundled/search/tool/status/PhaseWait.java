package dev.unbundled.search.tool.status;

import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.ToolErrors;
import dev.unbundled.search.tool.ToolException;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import picocli.CommandLine;

/**
 * Waits until connectors reach a phase, one of them fails, or time runs out: {@code status --until}
 * and the watch after {@code reindex}. Reading fresh each interval, it judges each connector by
 * what Connect and Elasticsearch say: a failed connector or task ends the wait at once, with its
 * trace; an unreadable Elasticsearch or Kafka only delays it.
 */
public final class PhaseWait {

  /** The state to wait for. */
  public enum Until {
    /** Every index holds its read aliases. */
    LIVE("live"),
    /** Every index is out of its build phase, and on its preview aliases when it has any. */
    CAUGHT_UP("caught-up");

    public final String label;

    Until(String label) {
      this.label = label;
    }
  }

  /** How a wait ended, and the tool's exit code for it. */
  public enum Outcome {
    REACHED(ExitCode.OK),
    /** A connector or task failed (printed as {@code failed}). */
    FAILED(ExitCode.CONNECTOR_FAILED),
    TIMED_OUT(ExitCode.TIMED_OUT);

    public final ExitCode exitCode;

    Outcome(ExitCode exitCode) {
      this.exitCode = exitCode;
    }
  }

  /**
   * The end of a wait.
   *
   * @param statuses the last statuses read
   * @param reasons for a failure, what failed and its trace; for a timeout, what was still awaited
   */
  public record Result(
      Until until, Outcome outcome, List<ConnectorStatus> statuses, List<String> reasons) {
    public int exitCode() {
      return outcome.exitCode.code();
    }
  }

  /** Waits between samples; tests hand in one that only moves their clock. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }

  /** One sample of the connectors' statuses. */
  @FunctionalInterface
  public interface Samples {
    List<ConnectorStatus> read() throws Exception;
  }

  /** Hears every sample, to show progress. */
  interface Listener {
    void sampled(List<ConnectorStatus> statuses);

    /** A sample could not be read; the wait goes on. */
    void unreadable(String error);
  }

  private final Until until;
  private final List<String> names;
  private final Duration timeout;
  private final Duration interval;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  /**
   * @param names the connectors to wait for, which the caller checked exist; every one read when
   *     empty
   * @param timeout how long to wait at most; null for no limit
   */
  PhaseWait(
      Until until,
      List<String> names,
      Duration timeout,
      Duration interval,
      LongSupplier nanoTime,
      Sleeper sleeper) {
    this.until = until;
    this.names = List.copyOf(names);
    this.timeout = timeout;
    this.interval = interval;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  Result await(Samples samples, Listener listener) throws Exception {
    long start = nanoTime.getAsLong();
    List<ConnectorStatus> last = null;
    List<String> waiting = List.of();
    Set<String> seen = new HashSet<>();
    while (true) {
      List<ConnectorStatus> statuses = null;
      try {
        statuses = samples.read();
      } catch (ToolException | InterruptedException e) {
        throw e;
      } catch (Exception e) {
        if (last == null) {
          throw e; // nothing was ever read: the wait cannot even start
        }
        listener.unreadable(ToolErrors.describe(e));
      }
      if (statuses != null) {
        if (last == null && names.isEmpty()) {
          checkAnyPresent(statuses);
        }
        last = statuses;
        listener.sampled(statuses);
        List<String> failures = new ArrayList<>();
        waiting = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (ConnectorStatus status : statuses) {
          present.add(status.name());
          judge(until, status, failures, waiting);
        }
        for (String name : names) {
          if (present.contains(name)) {
            seen.add(name);
          } else if (seen.contains(name)) {
            failures.add("connector " + name + " no longer exists");
          } else {
            // Connect lists a new connector only once it has a status: moments after its creation.
            waiting.add(name + " is not in Connect's status list yet");
          }
        }
        if (!failures.isEmpty()) {
          return new Result(until, Outcome.FAILED, statuses, List.copyOf(failures));
        }
        if (waiting.isEmpty()) {
          return new Result(until, Outcome.REACHED, statuses, List.of());
        }
      }
      long elapsed = nanoTime.getAsLong() - start;
      if (timeout != null && elapsed >= timeout.toNanos()) {
        return new Result(until, Outcome.TIMED_OUT, last, List.copyOf(waiting));
      }
      Duration pause = interval;
      if (timeout != null && timeout.toNanos() - elapsed < pause.toNanos()) {
        pause = Duration.ofNanos(timeout.toNanos() - elapsed);
      }
      sleeper.sleep(pause);
    }
  }

  private static void checkAnyPresent(List<ConnectorStatus> statuses) throws ToolException {
    if (statuses.isEmpty()) {
      throw new ToolException(
          "Kafka Connect has no connector of class "
              + ConnectClient.CONNECTOR_CLASS
              + " to wait for");
    }
  }

  /**
   * Adds to {@code failures} why the connector failed, or to {@code waiting} what it has not
   * reached yet; adds nothing when it is where it should be.
   */
  static void judge(
      Until until, ConnectorStatus status, List<String> failures, List<String> waiting) {
    if ("FAILED".equals(status.state())) {
      failures.add("connector " + status.name() + " failed");
      status.trace().forEach(line -> failures.add("  " + line));
    }
    for (SinkConnectorInfo.TaskState task : status.tasks()) {
      if ("FAILED".equals(task.state())) {
        failures.add(
            "task " + task.id() + " of " + status.name() + " failed on worker " + task.worker());
        task.trace().forEach(line -> failures.add("  " + line));
      }
    }
    if (!failures.isEmpty()) {
      return;
    }
    if (status.error() != null) {
      waiting.add(status.name() + ": cannot read where it stands: " + status.error());
      return;
    }
    if (status.topics().isEmpty()) {
      waiting.add(status.name() + " has written no index yet");
      return;
    }
    Set<String> own = new HashSet<>();
    status.topics().forEach(topic -> own.addAll(topic.indexes()));
    String kind = until == Until.LIVE ? "read" : "preview";
    boolean phaseReached =
        until == Until.LIVE
            ? Phase.LIVE.name().equals(status.phase())
            : !Phase.BUILDING.name().equals(status.phase()) && !"UNKNOWN".equals(status.phase());
    List<String> aliasesElsewhere = new ArrayList<>();
    for (ConnectorStatus.AliasStatus alias : status.aliases()) {
      if (alias.kind().equals(kind) && alias.indexes().stream().noneMatch(own::contains)) {
        aliasesElsewhere.add(
            alias.alias()
                + " -> "
                + (alias.indexes().isEmpty() ? "(none)" : String.join(", ", alias.indexes())));
      }
    }
    if (phaseReached && aliasesElsewhere.isEmpty()) {
      return;
    }
    long behind = status.topics().stream().mapToLong(ConnectorStatus.TopicStatus::behind).sum();
    StringBuilder text = new StringBuilder(status.name()).append(" is ").append(status.phase());
    if (behind > 0) {
      text.append(String.format(Locale.ROOT, ", %,d records behind", behind));
    }
    if (!aliasesElsewhere.isEmpty()) {
      text.append("; ").append(kind).append(" alias ").append(String.join("; ", aliasesElsewhere));
    }
    waiting.add(text.toString());
  }

  /** Reads {@code live} and {@code caught-up}. */
  public static final class UntilConverter implements CommandLine.ITypeConverter<Until> {
    @Override
    public Until convert(String value) {
      for (Until until : Until.values()) {
        if (until.label.equalsIgnoreCase(value.strip())) {
          return until;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a phase to wait for: live or caught-up");
    }
  }
}
