package dev.unbundled.search.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.benchmark.BenchmarkReport.Configuration;
import dev.unbundled.search.it.benchmark.BenchmarkReport.Format;
import dev.unbundled.search.it.benchmark.BenchmarkReport.IndexSetup;
import dev.unbundled.search.it.benchmark.BenchmarkReport.Layout;
import dev.unbundled.search.it.benchmark.BenchmarkReport.Target;
import dev.unbundled.search.it.benchmark.BenchmarkReport.Writer;
import dev.unbundled.search.it.harness.ConnectStack;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;

/**
 * The connector against Elasticsearch's own limit, measured in the same run on the same servers.
 *
 * <p>One topic of {@code benchmark.records} records (default 1,000,000; JSON values of about 535
 * bytes; a fifth as many distinct keys, so most records update a document; 4 partitions) is
 * written, in each round, by:
 *
 * <ul>
 *   <li>raw {@code _bulk} requests of about 5 MB holding the same writes (see {@link
 *       RawBulkBound}), from {@code benchmark.senders} senders (default 2), into a fresh index: the
 *       raw bound;
 *   <li>the connector from offset zero into a fresh index, with {@code benchmark.tasks} tasks
 *       (default 1, 2 and 4) and each converter of {@code benchmark.formats} (default JsonConverter
 *       and StringConverter, whose values take the zero-parse path);
 *   <li>with {@code -Dconnect.extra.plugin.path=<its plugin directory>}, Confluent's Elasticsearch
 *       sink with the same tasks and JSON values, into a fresh index set up as the raw bound's;
 * </ul>
 *
 * <p>each with the index set up for building (refresh off, no replicas: what the connector does
 * while an index is BUILDING) and, with {@code -Dbenchmark.setups=build,serving}, for serving, and
 * in each layout of {@code benchmark.layouts}: Elasticsearch and the test JVM sharing every core,
 * and pinned to a core each as on separate machines. The runs alternate raw and connector; the
 * report gives medians over {@code benchmark.rounds} rounds (default 3), the ratios connector / raw
 * bound of the same setup and layout, the test JVM's CPU by cause, Elasticsearch's CPU, the
 * adaptive in-flight limit, and the heap.
 *
 * <p>Prints the report and writes it to {@code target/benchmark/report.md}; asserts only that every
 * run wrote every record. Run: {@code mvn -B verify -Pbenchmark -pl integration-tests -am
 * -Dbenchmark.records=100000}.
 */
class ThroughputBenchmark extends SharedStackTest {

  private static final int RECORDS = Integer.getInteger("benchmark.records", 1_000_000);
  private static final int KEYS = Integer.getInteger("benchmark.keys", Math.max(1, RECORDS / 5));
  private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
  private static final int WARMUP_RECORDS =
      Integer.getInteger("benchmark.warmup.records", Math.min(RECORDS, 100_000));
  private static final long SEED = Long.getLong("benchmark.seed", 42);
  private static final int PARTITIONS = 4;
  private static final boolean SHOW_THREADS = Boolean.getBoolean("benchmark.threads");

  /** Forces a full GC this often during runs to see the live heap (slows the runs); 0: never. */
  private static final Duration HEAP_PROBE =
      Duration.ofMillis(Long.getLong("benchmark.heap.probe.ms", 0));

  /** Which index setups to run ({@code build}; or {@code build,serving}). */
  private static final List<IndexSetup> SETUPS =
      Arrays.stream(System.getProperty("benchmark.setups", "build").split(","))
          .map(name -> IndexSetup.valueOf(name.trim().toUpperCase(Locale.ROOT)))
          .toList();

  /** How many raw senders to run ({@code 2}): the best of them is the raw bound. */
  private static final List<Integer> SENDERS = integers("benchmark.senders", "2");

  /**
   * How many connector tasks to run ({@code 1,2,4}: does one task keep the engine fed, do more add
   * up).
   */
  private static final List<Integer> TASKS = integers("benchmark.tasks", "1,2,4");

  /**
   * Whether each layout also runs the raw loader beside a busy Kafka side ({@link SourceSideLoad};
   * default true): how much of the gap between the connector and the raw bound is the neighbour's.
   */
  private static final boolean BESIDE_SOURCE =
      Boolean.parseBoolean(System.getProperty("benchmark.raw.besideSource", "true"));

  /** Which converters the connector runs with ({@code json,string}). */
  private static final List<Format> FORMATS =
      Arrays.stream(System.getProperty("benchmark.formats", "json,string").split(","))
          .map(name -> Format.valueOf(name.trim().toUpperCase(Locale.ROOT)))
          .toList();

  /** Where the processes run ({@code shared,pinned}). */
  private static final List<Layout> LAYOUTS =
      Arrays.stream(System.getProperty("benchmark.layouts", "shared,pinned").split(","))
          .map(name -> Layout.valueOf(name.trim().toUpperCase(Locale.ROOT)))
          .toList();

  /**
   * CPUs (a {@code taskset} list) of the Elasticsearch server and of the test JVM (broker, worker,
   * connector, raw senders) in the pinned layout: by default a core each, as separate machines
   * would have, instead of both competing for both cores.
   */
  private static final String ELASTICSEARCH_CPUS =
      System.getProperty("benchmark.cpus.elasticsearch", "0");

  private static final String JVM_CPUS = System.getProperty("benchmark.cpus.jvm", "1");

  /** Every CPU: the shared layout. */
  private static final String ALL_CPUS = "0-" + (Runtime.getRuntime().availableProcessors() - 1);

  /** Records each connector run with JFR into target/benchmark/jfr/. */
  private static final boolean JFR = Boolean.getBoolean("benchmark.jfr");

  /**
   * Confluent's Elasticsearch sink runs too, with the same tasks and JSON values, when its plugin
   * directory is given with {@code -Dconnect.extra.plugin.path} (built from source as {@code
   * ../shared/peer-build/README.md} says). Its connector class:
   */
  private static final String INCUMBENT_CLASS =
      "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector";

  private static final boolean INCUMBENT =
      !System.getProperty(ConnectStack.EXTRA_PLUGIN_PATH_PROPERTY, "").isBlank();

  /**
   * How many tasks the incumbent runs with ({@code benchmark.incumbent.tasks}; by default as many
   * as the connector): {@code 1} keeps a run with every task count of ours short.
   */
  private static final List<Integer> INCUMBENT_TASKS =
      System.getProperty("benchmark.incumbent.tasks") == null
          ? TASKS
          : integers("benchmark.incumbent.tasks", "");

  /** {@code -Dbenchmark.connector.batch.size=5000} sets the connector's {@code batch.size}. */
  private static final String CONNECTOR_OVERRIDE_PREFIX = "benchmark.connector.";

  /**
   * With {@code -Dbenchmark.events.days=30}: the records are events (the connector with {@code
   * key.ignore=true}, ids from their coordinates, one document each, as the raw bound writes them),
   * their timestamps spread over that many days, and every connector run goes both into one index
   * and into daily time buckets ({@code ${time:yyyy.MM.dd}}): what buckets cost. 0: keyed updates.
   */
  private static final int EVENT_DAYS = Integer.getInteger("benchmark.events.days", 0);

  private static final boolean EVENTS = EVENT_DAYS > 0;

  /**
   * In what order events come ({@code benchmark.events.order}): {@code time}, the default, as an
   * event topic is written (in time order, one event in 20 late by up to two days); or {@code
   * scattered}, every event at a random day of the span (the worst case: each bulk request reaches
   * every bucket).
   */
  private static final boolean SCATTERED =
      System.getProperty("benchmark.events.order", "time").equals("scattered");

  /** Where connector runs write: one index, and with events also daily time buckets. */
  private static final List<Target> TARGETS =
      EVENTS ? List.of(Target.INDEX, Target.BUCKETS) : List.of(Target.INDEX);

  /** The latest event time; events go back {@link #EVENT_DAYS} days from it. */
  private static final long EVENTS_END =
      java.time.Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
  private static final Path OUTPUT = Path.of("target", "benchmark");

  private long elasticsearchPid;
  private InfoShim incumbentShim;

  ThroughputBenchmark(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void connectorAgainstRawBulkBound() throws Exception {
    Files.createDirectories(OUTPUT);
    if (INCUMBENT) {
      incumbentShim = new InfoShim(URI.create(elasticsearch.url()), serverVersion());
    }
    try {
      measure();
    } finally {
      if (incumbentShim != null) {
        incumbentShim.close();
      }
    }
  }

  private void measure() throws Exception {
    layOut(Layout.SHARED);
    if (WARMUP_RECORDS > 0) {
      warmUp();
    }
    BenchmarkRecords records = new BenchmarkRecords(SEED, RECORDS, KEYS);
    long start = System.nanoTime();
    BenchmarkTopic topic = produce(TestNames.unique("bench"), records);
    System.out.printf(
        "Produced %,d records in %.1f s%n", RECORDS, (System.nanoTime() - start) / 1e9);
    int documents = documentsOf(records);
    RawBulkBound raw = new RawBulkBound(OUTPUT, "bench-raw", records, topic, EVENTS);

    BenchmarkReport report =
        new BenchmarkReport(
            Map.of(
                Layout.SHARED,
                CoreBudget.shared(CoreBudget.cpusIn(ALL_CPUS)),
                Layout.PINNED,
                CoreBudget.pinned(ELASTICSEARCH_CPUS, JVM_CPUS)));
    List<Configuration> order = new ArrayList<>();
    for (Layout layout : LAYOUTS) {
      for (IndexSetup setup : SETUPS) {
        for (int senders : SENDERS) {
          order.add(new Configuration(Writer.RAW, setup, senders, Format.NONE, layout));
        }
        if (BESIDE_SOURCE) {
          int senders = Collections.max(SENDERS);
          order.add(
              new Configuration(Writer.RAW_BESIDE_SOURCE, setup, senders, Format.NONE, layout));
        }
        for (Format format : FORMATS) {
          for (int tasks : TASKS) {
            for (Target target : TARGETS) {
              order.add(new Configuration(Writer.CONNECTOR, setup, tasks, format, layout, target));
            }
          }
        }
        if (INCUMBENT) {
          for (int tasks : INCUMBENT_TASKS) {
            order.add(new Configuration(Writer.INCUMBENT, setup, tasks, Format.JSON, layout));
          }
        }
      }
    }
    for (int round = 1; round <= ROUNDS; round++) {
      // Every other round runs backwards, so no configuration always runs first or last.
      List<Configuration> thisRound = new ArrayList<>(order);
      if (round % 2 == 0) {
        Collections.reverse(thisRound);
      }
      for (Configuration c : thisRound) {
        layOut(c.layout());
        report.add(
            c.writer() == Writer.RAW || c.writer() == Writer.RAW_BESIDE_SOURCE
                ? rawRun(raw, documents, c, round)
                : connectorRun(topic, documents, c, round));
      }
    }
    layOut(Layout.SHARED);
    String text =
        report.render(heading(records, documents))
            + overridesNote()
            + (HEAP_PROBE.isZero()
                ? ""
                : "\nLive heap probed by a full GC every " + HEAP_PROBE.toMillis() + " ms.\n");
    System.out.println();
    System.out.println(text);
    Files.writeString(OUTPUT.resolve("report.md"), text);
  }

  /**
   * Unreported runs first (raw, connector and incumbent, 1 and 2 at a time), so that neither
   * Elasticsearch nor a connector is measured while its code is still being compiled.
   */
  private void warmUp() throws Exception {
    BenchmarkRecords records =
        new BenchmarkRecords(SEED + 7, WARMUP_RECORDS, Math.max(1, WARMUP_RECORDS / 5));
    BenchmarkTopic topic = produce(TestNames.unique("warmup"), records);
    int documents = documentsOf(records);
    RawBulkBound raw =
        new RawBulkBound(OUTPUT.resolve("warmup"), "warmup-raw", records, topic, EVENTS);
    for (int concurrency = 1; concurrency <= 2; concurrency++) {
      rawRun(
          raw,
          documents,
          new Configuration(Writer.RAW, IndexSetup.BUILD, concurrency, Format.NONE, Layout.SHARED),
          0);
      for (Format format : FORMATS) {
        for (Target target : TARGETS) {
          connectorRun(
              topic,
              documents,
              new Configuration(
                  Writer.CONNECTOR, IndexSetup.BUILD, concurrency, format, Layout.SHARED, target),
              0);
        }
      }
      if (INCUMBENT) {
        connectorRun(
            topic,
            documents,
            new Configuration(
                Writer.INCUMBENT, IndexSetup.BUILD, concurrency, Format.JSON, Layout.SHARED),
            0);
      }
    }
    System.out.println("Warmed up with " + WARMUP_RECORDS + " records");
  }

  private BenchmarkReport.Run rawRun(
      RawBulkBound raw, int documents, Configuration configuration, int round) throws Exception {
    IndexSetup setup = configuration.setup();
    int senders = configuration.concurrency();
    int records = raw.topicSize();
    raw.prepare(senders);
    elasticsearch.delete("/" + raw.index());
    createIndex(raw.index(), setup);
    if (RawBulkBound.CONNECTOR_SHAPE) {
      elasticsearch.put(
          "/" + raw.index() + "/_alias/" + raw.index() + RawBulkBound.WRITE_ALIAS_SUFFIX,
          "{\"is_hidden\":true}");
    }
    double esCpuBefore = elasticsearchCpuSeconds();
    SourceSideLoad source =
        configuration.writer() == Writer.RAW_BESIDE_SOURCE
            ? new SourceSideLoad(connect.kafka().bootstrapServers(), raw.topic(), raw::progress)
            : null;
    ResourceMeter meter = ResourceMeter.start(probe());
    Duration took;
    ResourceMeter.Usage usage;
    try {
      took = raw.send(URI.create(elasticsearch.url()), senders);
      usage = meter.stop();
    } finally {
      if (source != null) {
        source.close();
      }
    }
    if (source != null) {
      System.out.printf("  source side read and converted %,d records%n", source.converted());
    }
    double esCpu = elasticsearchCpuSeconds() - esCpuBefore;
    Applied applied = applied(raw.index());
    assertThat(applied.written()).as("operations indexed").isEqualTo(records);
    assertThat(elasticsearch.count(raw.index())).as("documents").isEqualTo(documents);
    elasticsearch.delete("/" + raw.index());
    double seconds = took.toNanos() / 1e9;
    return finish(
        configuration,
        round,
        records,
        seconds,
        Double.NaN,
        seconds,
        Double.NaN,
        Double.NaN,
        applied.conflicts(),
        usage,
        new CpuCauses(0, 0, 0),
        null,
        esCpu);
  }

  private BenchmarkReport.Run connectorRun(
      BenchmarkTopic topic, int documents, Configuration configuration, int round)
      throws Exception {
    IndexSetup setup = configuration.setup();
    int tasks = configuration.concurrency();
    int records = topic.offsets().length;
    SinkUnderTest sink =
        configuration.writer() == Writer.INCUMBENT
            ? incumbent(topic.name(), tasks)
            : ours(topic.name(), tasks, configuration.format(), configuration.target());
    String name = sink.name();
    String index = sink.index();
    if (sink.indexMadeHere() || setup == IndexSetup.SERVING && !index.endsWith("*")) {
      // Made by hand before the connector starts: adopted as is, so no build-phase tuning.
      elasticsearch.delete("/" + index);
      createIndex(index, setup);
    }
    Map<String, String> config = sink.config();

    Recording recording = JFR && round > 0 ? startRecording() : null;
    double esCpuBefore = elasticsearchCpuSeconds();
    ResourceMeter meter = ResourceMeter.start(probe());
    long start = System.nanoTime();
    connect.configureConnector(name, config);
    double firstWrite = Double.NaN;
    double allWritten = Double.NaN;
    double caughtUp = Double.NaN;
    InFlightLimitTimeline limits = new InFlightLimitTimeline(name);
    try (Admin admin = connect.kafka().createAdminClient()) {
      while (Double.isNaN(allWritten) || Double.isNaN(caughtUp)) {
        double now = (System.nanoTime() - start) / 1e9;
        Applied applied = applied(index);
        if (now > RUN_TIMEOUT.toSeconds() || now > caughtUp + 60) {
          throw new AssertionError(
              "Connector "
                  + name
                  + " did not finish: caught up after "
                  + caughtUp
                  + " s, "
                  + applied
                  + " of "
                  + records
                  + " writes applied; "
                  + connect.connectorStatus(name));
        }
        limits.sample(now);
        long indexed = applied.total();
        if (Double.isNaN(firstWrite) && indexed > 0) {
          firstWrite = now;
        }
        if (Double.isNaN(allWritten) && indexed >= records) {
          allWritten = now;
        }
        if (Double.isNaN(caughtUp) && committedToEnd(admin, name, topic.ends())) {
          caughtUp = now;
        }
        Thread.sleep(100);
      }
    }
    ResourceMeter.Usage usage = meter.stop();
    double esCpu = elasticsearchCpuSeconds() - esCpuBefore;
    if (recording != null) {
      Path file =
          OUTPUT
              .resolve("jfr")
              .resolve(
                  String.join(
                              "-",
                              "round" + round,
                              tasks + "task",
                              configuration.format().name(),
                              setup.name(),
                              configuration.layout().name())
                          .toLowerCase(Locale.ROOT)
                      + ".jfr");
      Files.createDirectories(file.getParent());
      recording.dump(file);
      recording.close();
      System.out.println("JFR recording: " + file.toAbsolutePath());
    }
    double aliasMoved = sink.alias() == null ? Double.NaN : awaitAlias(sink.alias(), index, start);
    Applied applied = applied(index);
    assertThat(applied.failed())
        .as("failed writes, other than version conflicts")
        .isEqualTo(applied.conflicts());
    assertThat(elasticsearch.count(index)).as("documents").isEqualTo(documents);
    deleteConnector(name);
    deleteIndexes(index);
    if (SHOW_THREADS) {
      printThreads(usage);
    }
    return finish(
        configuration,
        round,
        records,
        allWritten,
        firstWrite,
        allWritten,
        caughtUp,
        aliasMoved,
        applied.conflicts(),
        usage,
        CpuCauses.of(usage.cpuByThread(), name),
        limits,
        esCpu);
  }

  /**
   * A sink as a run sets it up: its connector name, the index it fills, its configuration, whether
   * the benchmark makes that index (as for the raw bound) rather than the sink, and the alias the
   * sink moves once the index has caught up (null for a sink without one).
   */
  private record SinkUnderTest(
      String name, String index, Map<String, String> config, boolean indexMadeHere, String alias) {}

  /**
   * Ours with its defaults, but for the converter and any {@code benchmark.connector.} override.
   */
  private SinkUnderTest ours(String topic, int tasks, Format format, Target target) {
    String name = TestNames.unique("bench-sink");
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, tasks);
    boolean buckets = target == Target.BUCKETS;
    config.put(
        "index.name.format",
        "${topic}-" + name + "-v${version}" + (buckets ? "-${time:yyyy.MM.dd}" : ""));
    config.put("alias.name.format", "${topic}-" + name);
    config.put("value.converter", format.converter);
    if (EVENTS) {
      config.put("key.ignore", "true");
      config.put("behavior.on.null.values", "ignore");
    }
    System.getProperties().stringPropertyNames().stream()
        .filter(key -> key.startsWith(CONNECTOR_OVERRIDE_PREFIX))
        .forEach(
            key ->
                config.put(
                    key.substring(CONNECTOR_OVERRIDE_PREFIX.length()), System.getProperty(key)));
    return new SinkUnderTest(
        name,
        topic + "-" + name + "-v1" + (buckets ? "-*" : ""),
        config,
        false,
        topic + "-" + name);
  }

  /**
   * Confluent's sink with its defaults, writing what ours writes: documents by record key (with the
   * record's offset as external version), JSON values without schemas, into the index named as the
   * topic (made by the benchmark, as for the raw bound).
   */
  private SinkUnderTest incumbent(String topic, int tasks) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", INCUMBENT_CLASS);
    config.put("tasks.max", Integer.toString(tasks));
    config.put("topics", topic);
    config.put("connection.url", incumbentShim.url());
    config.put("key.ignore", "false");
    config.put("schema.ignore", "true");
    config.put("behavior.on.null.values", "delete");
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", Format.JSON.converter);
    config.put("value.converter.schemas.enable", "false");
    return new SinkUnderTest(TestNames.unique("bench-incumbent"), topic, config, true, null);
  }

  private BenchmarkReport.Run finish(
      Configuration configuration,
      int round,
      int records,
      double seconds,
      double firstWrite,
      double allWritten,
      double caughtUp,
      double aliasMoved,
      long conflicts,
      ResourceMeter.Usage usage,
      CpuCauses causes,
      InFlightLimitTimeline limits,
      double esCpuSeconds) {
    double per100k = 100_000.0 / records;
    BenchmarkReport.Run run =
        new BenchmarkReport.Run(
            configuration,
            round,
            records / seconds,
            firstWrite,
            allWritten,
            caughtUp,
            aliasMoved,
            conflicts,
            usage.processCpuNanos() / 1e9 * per100k,
            causes.taskThreads() / 1e9 * per100k,
            causes.pluginThreads() / 1e9 * per100k,
            causes.broker() / 1e9 * per100k,
            usage.gcCpuNanos() / 1e9 * per100k,
            usage.jitCpuNanos() / 1e9 * per100k,
            esCpuSeconds * per100k,
            usage.machineBusy(),
            usage.heapBefore() / 1e6,
            usage.heapPeakAfterGc() / 1e6,
            usage.heapProbed() < 0 ? Double.NaN : usage.heapProbed() / 1e6,
            limits == null ? Double.NaN : limits.typical(),
            limits == null ? Double.NaN : limits.changes());
    System.out.printf(
        "round %d, %s: %,.0f records/s in %.1f s (caught up %.1f s; %d version conflicts); CPU"
            + " s/100k: JVM %.2f (task threads %.2f, connector's own %.2f, broker %.2f, GC %.2f,"
            + " JIT %.2f), Elasticsearch %.2f; machine %.0f %% busy; heap %.0f MB before, %.0f MB"
            + " peak after GC, %.0f MB probed%n",
        round,
        configuration.label(),
        run.recordsPerSecond(),
        seconds,
        caughtUp,
        conflicts,
        run.jvmCpu(),
        run.taskThreadsCpu(),
        run.pluginThreadsCpu(),
        run.brokerCpu(),
        run.gcCpu(),
        run.jitCpu(),
        run.elasticsearchCpu(),
        run.machineBusy() * 100,
        run.heapBefore(),
        run.heapPeak(),
        run.heapProbed());
    if (limits != null) {
      System.out.println("  in-flight limit over time: " + limits.describe());
    }
    return run;
  }

  private static Duration probe() {
    return HEAP_PROBE.isZero() ? null : HEAP_PROBE;
  }

  /**
   * JFR's profiling settings, with Java and native stacks sampled every 5 ms rather than 10 or 20,
   * and every wait of a millisecond or more (parks, monitor waits, socket reads) rather than of 10
   * or 20: where the task thread waits, not only where it runs.
   */
  private static Recording startRecording() throws Exception {
    Recording recording = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5));
    // Threads in native code (the consumer's poll waiting in epoll) are sampled apart.
    recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(5));
    for (String wait : List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.SocketRead")) {
      recording.enable(wait).withThreshold(Duration.ofMillis(1)).withStackTrace();
    }
    recording.start();
    return recording;
  }

  private void createIndex(String index, IndexSetup setup) {
    String settings =
        switch (setup) {
          case BUILD -> "{\"index.refresh_interval\":\"-1\",\"index.number_of_replicas\":0}";
          case SERVING -> "{\"index.refresh_interval\":\"1s\",\"index.number_of_replicas\":1}";
        };
    elasticsearch.put("/" + index, "{\"settings\":" + settings + "}");
  }

  /**
   * Index operations the index's primaries have applied: written, or refused as version conflicts
   * (a write older than the document, which is success for the connector: its requests can complete
   * out of order). Exact, and visible without a refresh.
   */
  private Applied applied(String index) {
    try {
      JsonNode indexing =
          elasticsearch
              .get(
                  "/"
                      + index
                      + "/_stats/indexing?filter_path=_all.primaries.indexing.index_total,"
                      + "_all.primaries.indexing.index_failed*")
              .path("_all")
              .path("primaries")
              .path("indexing");
      return new Applied(
          indexing.path("index_total").asLong(),
          indexing.path("index_failed").asLong(),
          indexing.path("index_failed_due_to_version_conflict").asLong());
    } catch (IllegalStateException e) {
      return new Applied(0, 0, 0); // not created yet
    }
  }

  /** Index operations applied: written, failed, and of those failed ones, version conflicts. */
  private record Applied(long written, long failed, long conflicts) {
    long total() {
      return written + failed;
    }
  }

  private static boolean committedToEnd(
      Admin admin, String connector, Map<TopicPartition, Long> ends) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets("connect-" + connector)
            .partitionsToOffsetAndMetadata()
            .get();
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      if (offset == null || offset.offset() < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Seconds from the start until the connector moved its read alias to the index (to the buckets,
   * for an index ending in {@code *}), or NaN.
   */
  private double awaitAlias(String alias, String index, long start) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String prefix = index.endsWith("*") ? index.substring(0, index.length() - 1) : null;
    while (System.nanoTime() < deadline) {
      List<String> holders = elasticsearch.aliasHolders(alias);
      if (holders.contains(index)
          || prefix != null
              && !holders.isEmpty()
              && holders.stream().allMatch(h -> h.startsWith(prefix))) {
        return (System.nanoTime() - start) / 1e9;
      }
      Thread.sleep(100);
    }
    return Double.NaN;
  }

  /** The topic, its events' timestamps spread over the days when the records are events. */
  private BenchmarkTopic produce(String name, BenchmarkRecords records) {
    if (!EVENTS) {
      return BenchmarkTopic.produce(connect, name, PARTITIONS, records);
    }
    long span = EVENT_DAYS * 86_400_000L;
    long start = EVENTS_END - span;
    int count = records.count();
    return BenchmarkTopic.produce(
        connect,
        name,
        PARTITIONS,
        records,
        SCATTERED
            // Days and seconds from two primes: every day gets its share, in no order.
            ? i ->
                EVENTS_END
                    - (i * 7_919L % EVENT_DAYS) * 86_400_000L
                    - (i * 104_729L % 86_400) * 1_000L
            // In time order; every 20th event late by 1 to 48 hours.
            : i ->
                start + span * i / count - (i % 20 == 0 ? (1 + i * 7_919L % 48) * 3_600_000L : 0));
  }

  /** Documents at the end: one per event, or one per distinct key. */
  private static int documentsOf(BenchmarkRecords records) {
    return EVENTS ? records.count() : records.distinctKeys();
  }

  /** Deletes an index, or every index a pattern ending in {@code *} matches. */
  private void deleteIndexes(String index) {
    if (!index.endsWith("*")) {
      elasticsearch.delete("/" + index);
      return;
    }
    List<String> names = new ArrayList<>();
    elasticsearch
        .get("/_cat/indices/" + index + "?format=json&h=index")
        .forEach(row -> names.add(row.path("index").asText()));
    if (!names.isEmpty()) {
      elasticsearch.delete("/" + String.join(",", names));
    }
  }

  private long elasticsearchPid() {
    if (elasticsearchPid == 0) {
      elasticsearchPid =
          elasticsearch
              .get("/_nodes/_local/process?filter_path=nodes.*.process.id")
              .path("nodes")
              .elements()
              .next()
              .path("process")
              .path("id")
              .asLong();
    }
    return elasticsearchPid;
  }

  /** Pins Elasticsearch and the test JVM as the layout says. */
  private void layOut(Layout layout) throws Exception {
    boolean pinned = layout == Layout.PINNED;
    pin(pinned ? ELASTICSEARCH_CPUS : ALL_CPUS, elasticsearchPid());
    pin(pinned ? JVM_CPUS : ALL_CPUS, ProcessHandle.current().pid());
  }

  /**
   * Binds every thread of a process to {@code cpus}; threads it starts later inherit the binding. A
   * thread that ends while {@code taskset} walks the process's threads fails it ("failed to get pid
   * N's affinity: No such process"): that thread needs no binding, so the walk is run again over
   * the threads that remain.
   */
  private static void pin(String cpus, long pid) throws Exception {
    String output = "";
    for (int attempt = 0; attempt < 5; attempt++) {
      Process taskset =
          new ProcessBuilder(
                  "taskset", "--all-tasks", "--cpu-list", "--pid", cpus, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      output = new String(taskset.getInputStream().readAllBytes());
      if (taskset.waitFor() == 0) {
        return;
      }
      if (!output.contains("No such process") || !ProcessHandle.of(pid).isPresent()) {
        break;
      }
    }
    throw new IllegalStateException("taskset failed for pid " + pid + ": " + output);
  }

  /**
   * CPU seconds the Elasticsearch server process has used: from {@code /proc/<pid>/stat}, the pid
   * as the server reports it (its nodes stats round to its 1 s monitoring interval, too coarse for
   * runs of a few seconds); from the nodes stats if {@code /proc} cannot be read.
   */
  private double elasticsearchCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(elasticsearchPid()), "stat"));
      return ResourceMeter.cpuTicks(stat) / 100.0;
    } catch (java.io.IOException e) {
      JsonNode nodes =
          elasticsearch
              .get("/_nodes/_local/stats/process?filter_path=nodes.*.process.cpu.total_in_millis")
              .path("nodes");
      return nodes.elements().next().path("process").path("cpu").path("total_in_millis").asLong()
          / 1000.0;
    }
  }

  private static void printThreads(ResourceMeter.Usage usage) {
    usage.cpuByThread().entrySet().stream()
        .filter(thread -> thread.getValue() > 50_000_000L)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            thread ->
                System.out.printf("  %8.2f s  %s%n", thread.getValue() / 1e9, thread.getKey()));
  }

  private String heading(BenchmarkRecords records, int documents) {
    long valueBytes = 0;
    for (BenchmarkRecords.Record record : records) {
      valueBytes += record.value().length();
    }
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        "## Benchmark run of %s%n%n"
            + "%,d records (%.0f bytes per value on average), %,d %s, %d partitions;"
            + " %d rounds. Elasticsearch %s (1 node). Test JVM (broker, worker, connector): Java"
            + " %s, max heap %d MB, %d processors.",
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        records.count(),
        (double) valueBytes / records.count(),
        documents,
        EVENTS
            ? "events (one document each, key.ignore=true) over "
                + EVENT_DAYS
                + " days, "
                + (SCATTERED
                    ? "each at a random day (scattered)"
                    : "in time order with one in 20 late by up to 2 days")
            : "distinct keys",
        PARTITIONS,
        ROUNDS,
        serverVersion(),
        System.getProperty("java.version"),
        runtime.maxMemory() >> 20,
        runtime.availableProcessors());
  }

  private String serverVersion() {
    return elasticsearch
        .get("/_nodes/_local?filter_path=nodes.*.version")
        .path("nodes")
        .elements()
        .next()
        .path("version")
        .asText();
  }

  private static List<Integer> integers(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(","))
        .map(n -> Integer.parseInt(n.trim()))
        .toList();
  }

  private static String overridesNote() {
    Properties properties = System.getProperties();
    StringBuilder note = new StringBuilder();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(CONNECTOR_OVERRIDE_PREFIX)) {
        note.append(note.isEmpty() ? "\nConnector settings changed from the defaults: " : ", ")
            .append(key.substring(CONNECTOR_OVERRIDE_PREFIX.length()))
            .append('=')
            .append(properties.getProperty(key));
      }
    }
    if (LAYOUTS.contains(Layout.PINNED)) {
      note.append(
          String.format(
              "%nPinned layout (taskset): Elasticsearch on CPUs %s, test JVM on CPUs %s; shared:"
                  + " both on %s.%n",
              ELASTICSEARCH_CPUS, JVM_CPUS, ALL_CPUS));
    }
    if (RawBulkBound.CONNECTOR_SHAPE) {
      note.append(
          "\nRaw requests shaped like the connector's: through a hidden write alias with"
              + " require_alias=true, with the connector's filter_path.");
    }
    return note.isEmpty() ? "" : note.append('\n').toString();
  }
}
