package dev.unbundled.search.it.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Collects the runs and prints them as Markdown tables of medians, with the ratios. */
final class BenchmarkReport {

  /** How the index was set up while it was written. */
  enum IndexSetup {
    /** {@code refresh_interval=-1}, no replicas: what the connector does while BUILDING. */
    BUILD("build: refresh -1, 0 replicas"),
    /**
     * {@code refresh_interval=1s}, one replica: an index in service (the replica stays unassigned
     * on one node).
     */
    SERVING("serving: refresh 1s, 1 replica");

    final String label;

    IndexSetup(String label) {
      this.label = label;
    }
  }

  /** Raw bulk requests, or the connector. */
  enum Writer {
    RAW("raw _bulk", "sender", "senders"),
    /**
     * The raw loader while the test JVM reads and converts the topic at its pace ({@link
     * SourceSideLoad}): not a bound, a measure of what a busy Kafka side costs the engine.
     */
    RAW_BESIDE_SOURCE("raw _bulk beside a busy Kafka side", "sender", "senders"),
    CONNECTOR("connector", "task", "tasks"),
    INCUMBENT("Confluent's sink", "task", "tasks");

    final String label;
    final String one;
    final String many;

    Writer(String label, String one, String many) {
      this.label = label;
      this.one = one;
      this.many = many;
    }
  }

  /** How the connector reads the values: the converter, and so the path through the connector. */
  enum Format {
    /** Raw runs: no converter. */
    NONE(null, ""),
    /** {@code JsonConverter} with {@code schemas.enable=false}: values arrive as maps. */
    JSON("org.apache.kafka.connect.json.JsonConverter", "JsonConverter"),
    /** {@code StringConverter}: values arrive as JSON text, copied by the zero-parse path. */
    STRING("org.apache.kafka.connect.storage.StringConverter", "StringConverter (zero-parse)");

    final String converter;
    final String label;

    Format(String converter, String label) {
      this.converter = converter;
      this.label = label;
    }
  }

  /** Where the processes run on the machine's cores. */
  enum Layout {
    /** Elasticsearch and the test JVM both on every core, competing for them. */
    SHARED("shared cores"),
    /**
     * Elasticsearch on its cores, the test JVM (broker, worker, connector, raw senders) on others,
     * as on separate machines.
     */
    PINNED("a core each");

    final String label;

    Layout(String label) {
      this.label = label;
    }
  }

  /** Which runs are alike: medians are taken over the rounds of one configuration. */
  /** Where a connector writes: one index, or daily time buckets ({@code ${time:yyyy.MM.dd}}). */
  enum Target {
    INDEX(""),
    BUCKETS(", into daily time buckets");

    final String label;

    Target(String label) {
      this.label = label;
    }
  }

  record Configuration(
      Writer writer,
      IndexSetup setup,
      int concurrency,
      Format format,
      Layout layout,
      Target target) {

    Configuration(Writer writer, IndexSetup setup, int concurrency, Format format, Layout layout) {
      this(writer, setup, concurrency, format, layout, Target.INDEX);
    }

    String label() {
      return writer.label
          + ", "
          + concurrency
          + " "
          + (concurrency == 1 ? writer.one : writer.many)
          + (format == Format.NONE ? "" : ", " + format.label)
          + ", "
          + setup.label
          + target.label
          + ", "
          + layout.label;
    }
  }

  /**
   * One run. Times in seconds from the start (the connector's creation, or the first request); CPU
   * in seconds per 100,000 records; heap in MB. NaN where a figure does not apply.
   */
  record Run(
      Configuration configuration,
      int round,
      double recordsPerSecond,
      double firstWrite,
      double allWritten,
      double caughtUp,
      double aliasMoved,
      long versionConflicts,
      double jvmCpu,
      double taskThreadsCpu,
      double pluginThreadsCpu,
      double brokerCpu,
      double gcCpu,
      double jitCpu,
      double elasticsearchCpu,
      double machineBusy,
      double heapBefore,
      double heapPeak,
      double heapProbed,
      double typicalInFlightLimit,
      double inFlightLimitChanges) {

    /** What the test JVM spent on none of the causes counted apart (framework, benchmark). */
    double otherCpu() {
      return jvmCpu - taskThreadsCpu - pluginThreadsCpu - brokerCpu - gcCpu - jitCpu;
    }

    /** The rate once the connector writes, without its start (NaN for raw runs). */
    double steadyRecordsPerSecond() {
      return recordsPerSecond * allWritten / (allWritten - firstWrite);
    }
  }

  private final List<Run> runs = new ArrayList<>();
  private final Map<Layout, CoreBudget> budgets;

  /** A report whose ceilings come from the cores each layout gives. */
  BenchmarkReport(Map<Layout, CoreBudget> budgets) {
    this.budgets = budgets;
  }

  void add(Run run) {
    runs.add(run);
  }

  /** The Markdown report: medians per configuration, ratios, and every run's records/s. */
  String render(String heading) {
    Map<Configuration, List<Run>> byConfiguration = new LinkedHashMap<>();
    for (Layout layout : Layout.values()) {
      for (IndexSetup setup : IndexSetup.values()) {
        for (Writer writer : Writer.values()) {
          for (Run run : runs) {
            Configuration c = run.configuration();
            if (c.layout() == layout && c.writer() == writer && c.setup() == setup) {
              byConfiguration.computeIfAbsent(c, k -> new ArrayList<>()).add(run);
            }
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(heading).append("\n\n");
    out.append("Throughput (medians over the rounds):\n\n");
    out.append(
        "| run | records/s | ratio to raw (best raw, same setup and layout) |"
            + " ceiling by core-seconds (ratio to raw) |"
            + " records/s after the first write | first write s"
            + " | all written s | caught up s | alias moved s | version conflicts |"
            + " in-flight limit (typical) | limit changes |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<Configuration, List<Run>> entry : byConfiguration.entrySet()) {
      Configuration c = entry.getKey();
      List<Run> list = entry.getValue();
      double rate = median(list, Run::recordsPerSecond);
      double raw = rawBound(byConfiguration, c);
      out.append(
          row(
              c.label(),
              format(rate, 0),
              format(rate / raw, 2),
              format(median(list, run -> ceilingRate(run)) / raw, 2),
              format(median(list, Run::steadyRecordsPerSecond), 0),
              format(median(list, Run::firstWrite), 1),
              format(median(list, Run::allWritten), 1),
              format(median(list, Run::caughtUp), 1),
              format(median(list, Run::aliasMoved), 1),
              format(median(list, Run::versionConflicts), 0),
              format(median(list, Run::typicalInFlightLimit), 0),
              format(median(list, Run::inFlightLimitChanges), 0)));
    }
    out.append(
        "\nCost (medians; CPU of the test JVM in seconds per 100,000 records, by cause;"
            + " Elasticsearch's per 1,000,000 operations; heap in MB):\n\n");
    out.append(
        "| run | test JVM CPU | task threads (consumer, converter, connector) |"
            + " connector's senders and client I/O | Kafka broker | GC | JIT | other |"
            + " Elasticsearch CPU per 1M ops | machine busy | live heap before |"
            + " heap after GC, peak | live heap, peak (probed) |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<Configuration, List<Run>> entry : byConfiguration.entrySet()) {
      List<Run> list = entry.getValue();
      out.append(
          row(
              entry.getKey().label(),
              format(median(list, Run::jvmCpu), 2),
              format(median(list, Run::taskThreadsCpu), 2),
              format(median(list, Run::pluginThreadsCpu), 2),
              format(median(list, Run::brokerCpu), 2),
              format(median(list, Run::gcCpu), 2),
              format(median(list, Run::jitCpu), 2),
              format(median(list, Run::otherCpu), 2),
              format(median(list, Run::elasticsearchCpu) * 10, 1),
              format(median(list, Run::machineBusy) * 100, 0) + " %",
              format(median(list, Run::heapBefore), 0),
              format(median(list, Run::heapPeak), 0),
              format(median(list, Run::heapProbed), 0)));
    }
    int rounds = runs.stream().mapToInt(Run::round).max().orElse(0);
    out.append(
        "\nRecords/s of every run (odd rounds run in the order above, even rounds backwards):\n\n");
    StringBuilder header = new StringBuilder("| run |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int r = 1; r <= rounds; r++) {
      header.append(" round ").append(r).append(" |");
      rule.append("---:|");
    }
    out.append(header).append(" median |\n").append(rule).append("---:|\n");
    for (Map.Entry<Configuration, List<Run>> entry : byConfiguration.entrySet()) {
      List<String> cells = new ArrayList<>();
      cells.add(entry.getKey().label());
      for (int r = 1; r <= rounds; r++) {
        int round = r;
        cells.add(
            entry.getValue().stream()
                .filter(run -> run.round() == round)
                .findFirst()
                .map(run -> format(run.recordsPerSecond(), 0))
                .orElse(""));
      }
      cells.add(format(median(entry.getValue(), Run::recordsPerSecond), 0));
      out.append(row(cells.toArray(String[]::new)));
    }
    return out.toString();
  }

  /**
   * The rate the run's cores would allow at its CPU cost per record, were they all busy (NaN
   * without the figures).
   */
  private double ceilingRate(Run run) {
    CoreBudget budget = budgets.get(run.configuration().layout());
    return budget == null
        ? Double.NaN
        : budget.ceilingRate(run.elasticsearchCpu() / 100_000, run.jvmCpu() / 100_000);
  }

  /** The raw bound for a run: the best median of the raw runs of its setup and layout. */
  private static double rawBound(Map<Configuration, List<Run>> byConfiguration, Configuration c) {
    return byConfiguration.entrySet().stream()
        .filter(
            e ->
                e.getKey().writer() == Writer.RAW
                    && e.getKey().setup() == c.setup()
                    && e.getKey().layout() == c.layout())
        .mapToDouble(e -> median(e.getValue(), Run::recordsPerSecond))
        .max()
        .orElse(Double.NaN);
  }

  static double median(List<Run> list, ToDoubleFunction<Run> figure) {
    double[] values = list.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static String format(double value, int decimals) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "-"
        : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
