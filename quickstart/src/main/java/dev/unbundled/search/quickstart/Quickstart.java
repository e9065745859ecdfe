package dev.unbundled.search.quickstart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.localstack.Distributions;
import dev.unbundled.search.localstack.ElasticsearchServer;
import dev.unbundled.search.localstack.JavaProcess;
import dev.unbundled.search.localstack.LocalConnect;
import dev.unbundled.search.localstack.LocalKafka;
import dev.unbundled.search.localstack.OpenSearchServer;
import dev.unbundled.search.localstack.SchemaRegistryServer;
import dev.unbundled.search.localstack.SearchServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The whole reindex story on a real local stack: Elasticsearch (or OpenSearch), a Kafka broker and
 * a Connect worker as separate processes; a product catalogue's change log; connector v1 builds the
 * index and takes the alias; connector v2 rebuilds it with a new mapping while v1 serves and
 * changes keep coming, then takes the alias. Every number printed is read from the servers.
 *
 * <p>Arguments: {@code --exit} stops everything at the end (for CI); by default the stack keeps
 * running until Ctrl-C. {@code --rows N} sizes the table (default 100,000). {@code --format avro}
 * writes the change log in Avro through a schema registry (started too), as Debezium with an Avro
 * converter does, and the connectors read it with the Avro converter (default: {@code json}).
 * {@code --engine opensearch} runs it on OpenSearch instead of Elasticsearch: the same plugin and
 * configuration. {@code --engine-version V} picks the engine's version, such as {@code 9.5.0}
 * (Elasticsearch 9, on Java 21+) or {@code 3.6.0} (OpenSearch 3): the build unpacks Elasticsearch
 * 8.19.21 and 9.5.0 and OpenSearch 2.19.6, and {@code quickstart.sh} fetches any other version from
 * Maven Central first; by default the engine's oldest supported line (8.19.21, 2.19.6). {@code
 * --story events} tells the second story instead ({@link EventStory}): web clicks in daily time
 * buckets with a retention, rebuilt while clicks keep coming ({@code --rows} is then the number of
 * clicks).
 */
public final class Quickstart {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "shop.public.products";
  private static final String ALIAS = "products";
  private static final int PARTITIONS = 3;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private final long startedNanos = System.nanoTime();
  private final boolean avro;
  private final boolean events;
  private SchemaRegistryServer registry;

  private Quickstart(boolean avro, boolean events) {
    this.avro = avro;
    this.events = events;
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    boolean exit = options.contains("--exit");
    int rows =
        options.contains("--rows")
            ? Integer.parseInt(options.get(options.indexOf("--rows") + 1))
            : 100_000;
    String engine =
        options.contains("--engine")
            ? options.get(options.indexOf("--engine") + 1)
            : "elasticsearch";
    if (!List.of("elasticsearch", "opensearch").contains(engine)) {
      System.out.println("--engine is elasticsearch (the default) or opensearch, not " + engine);
      System.exit(2);
    }
    String version =
        options.contains("--engine-version")
            ? options.get(options.indexOf("--engine-version") + 1)
            : null;
    String format =
        options.contains("--format") ? options.get(options.indexOf("--format") + 1) : "json";
    if (!format.equals("json") && !format.equals("avro")) {
      System.out.println("--format is json or avro, not " + format);
      System.exit(2);
    }
    boolean events =
        options.contains("--story") && options.get(options.indexOf("--story") + 1).equals("events");
    if (options.contains("--story")
        && !events
        && !options.get(options.indexOf("--story") + 1).equals("catalogue")) {
      System.out.println("--story is catalogue (the default) or events");
      System.exit(2);
    }
    if (events && format.equals("avro")) {
      System.out.println("--story events writes JSON clicks; --format avro is for the catalogue");
      System.exit(2);
    }
    Quickstart quickstart = new Quickstart(format.equals("avro"), events);
    Runtime.getRuntime().addShutdownHook(new Thread(quickstart::stopAll, "quickstart-stop"));
    try {
      quickstart.run(
          Path.of("").toAbsolutePath(), rows, exit, engine.equals("opensearch"), version);
    } catch (Exception e) {
      System.out.println("\nThe quickstart failed: " + e);
      quickstart.stopAll();
      System.exit(1);
    }
    if (exit) {
      quickstart.stopAll();
      System.exit(0);
    }
  }

  private void run(Path repo, int rows, boolean exit, boolean openSearch, String version)
      throws Exception {
    Path servers = repo.resolve("local-stack/target");
    Path work = repo.resolve("quickstart/target/run");
    deleteTree(work);
    Files.createDirectories(work.resolve("logs"));
    Path log4j = JavaProcess.writeLog4jConfig(work);
    Path libs = servers.resolve("kafka-libs");

    say(
        "Starting %s (a real server from Maven Central)...",
        openSearch ? "OpenSearch" : "Elasticsearch");
    SearchServer searchServer =
        openSearch
            ? OpenSearchServer.start(
                Distributions.find(servers, "opensearch", version),
                work.resolve("logs/opensearch"),
                "1g")
            : ElasticsearchServer.start(
                Distributions.find(servers, "elasticsearch", version),
                work.resolve("logs/elasticsearch"),
                "1g");
    running.push(searchServer);
    say(
        "  %s at %s, ready in %.1f s",
        searchServer.product(), searchServer.url(), searchServer.startTime().toMillis() / 1000.0);

    say("Starting a Kafka broker (KRaft, single node)...");
    LocalKafka kafka = LocalKafka.start(libs, work, log4j);
    running.push(kafka);
    say("  Kafka at %s", kafka.bootstrapServers());

    List<Path> pluginPath = new java.util.ArrayList<>();
    pluginPath.add(repo.resolve("connector/target/plugin"));
    if (avro) {
      say("Starting a schema registry (Apicurio Registry, Confluent-compatible API)...");
      registry =
          SchemaRegistryServer.start(
              repo.resolve("schema-registry/target/registry"),
              work.resolve("logs/schema-registry.log"));
      running.push(registry);
      say(
          "  Schema registry at %s, ready in %.1f s",
          registry.confluentApi(), registry.startTime().toMillis() / 1000.0);
      pluginPath.add(repo.resolve("schema-registry/target/converter-plugins"));
    }

    say(
        "Starting a Kafka Connect distributed worker with the plugin%s on plugin.path...",
        avro ? " and the Avro converter" : "");
    LocalConnect connect =
        LocalConnect.start(libs, work, log4j, kafka.bootstrapServers(), pluginPath);
    running.push(connect);
    say("  Connect REST API at %s", connect.rest().url());
    say("  Logs: %s", work.resolve("logs"));

    Search search = new Search(searchServer.url());
    if (events) {
      new EventStory(repo, search, searchServer.url().toString(), kafka.bootstrapServers(), connect)
          .run(rows);
      finish(exit, connect, searchServer, EventStory.TOPIC, work);
      return;
    }
    AliasWatch watch = new AliasWatch(TOPIC, PARTITIONS, ALIAS, startedNanos, Quickstart::say);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, PARTITIONS, (short) 1)
                      .configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      say(
          "\nLoading the change log of a product catalogue table into the compacted topic %s%s...",
          TOPIC, avro ? " (Avro, schemas in the registry)" : "");
      CatalogChanges.EventFormat format = eventFormat();
      try (CatalogChanges changes = new CatalogChanges(kafka.bootstrapServers(), TOPIC, format)) {
        changes.snapshot(rows);
        changes.changes(rows, rows * 3 / 2, 15);
      }
      say(
          "  %,d change events in %s (snapshot reads of %,d rows, then updates and deletes)",
          watch.endOffsets(admin), TOPIC, rows);

      say("\nCreating connector products-search-v1 (config/quickstart-products-v1.json)...");
      connect
          .rest()
          .putConnector(
              "products-search-v1",
              connectorConfig(repo, "quickstart-products-v1.json", searchServer, kafka));
      watch.awaitAlias(search, connect, admin, "products-v1", null);
      runSearches(search);

      say(
          "\nRebuilding as products-search-v2 with a new mapping (description becomes searchable),");
      say("while v1 keeps serving and new changes keep arriving, with the status tool's reindex:");
      AtomicBoolean writing = new AtomicBoolean(true);
      long eventsBefore = watch.endOffsets(admin);
      Thread writer =
          new Thread(
              () -> {
                try (CatalogChanges more =
                    new CatalogChanges(kafka.bootstrapServers(), TOPIC, format)) {
                  while (writing.get()) {
                    more.changes(rows, 200, 20);
                    Thread.sleep(1_000);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "more-changes");
      writer.start();
      // v2 is v1's own configuration with only these changes: the tool derives, validates and
      // creates it (the quickstart's progress lines below then follow the rebuild).
      runTool(
          repo,
          connect,
          "reindex",
          "products-search-v1",
          "--set",
          "index.mappings=@config/index/products-mappings-v2.json",
          "--set",
          "alias.preview.name.format=products-preview",
          "--no-watch");
      watch.awaitAlias(search, connect, admin, "products-v2", "products-v1");
      writing.set(false);
      writer.join();
      say(
          "  %,d more change events arrived in the topic during the rebuild",
          watch.endOffsets(admin) - eventsBefore);

      String query =
          "{\"query\": {\"match\": {\"description\": \"walnut mirror\"}}, \"size\": 0,"
              + " \"track_total_hits\": true}";
      Search.Result onV1 = search.search("products-v1", query);
      Search.Result onAlias = search.search(ALIAS, query);
      say("\nA search only v2 can answer (description was not indexed in v1):");
      say(
          "  products-v1: HTTP %d %s",
          onV1.status(), onV1.status() == 200 ? onV1.hits() + " hits" : "- " + onV1.error());
      say("  products (alias, now on v2): HTTP %d, %,d hits", onAlias.status(), onAlias.hits());
      say(
          "\nBoth connectors keep running, so both indexes stay current: going back is one alias move.");
    }

    finish(exit, connect, searchServer, ALIAS, work);
  }

  /** Ends the story: at once with {@code --exit}, else with what to try while the stack runs. */
  private void finish(
      boolean exit, LocalConnect connect, SearchServer searchServer, String alias, Path work)
      throws InterruptedException {
    String story = events ? "clicks" : "products";
    say("\nDone in %.0f s.", (System.nanoTime() - startedNanos) / 1e9);
    if (!exit) {
      say("\nThe stack keeps running. Try:");
      say(
          events
              ? "  curl -s '%s/"
                  + alias
                  + "/_search?size=0&pretty' -H 'Content-Type: application/json'"
                  + " -d '{\"aggs\": {\"days\": {\"terms\": {\"field\": \"_index\"}}}}'"
              : "  curl -s '%s/products/_search?q=description:walnut&size=3&pretty'",
          searchServer.url());
      say("  java -jar tool/target/search-sink-tool.jar status --connect %s", connect.rest().url());
      say(
          "  java -jar tool/target/search-sink-tool.jar rollback %s --dry-run --connect %s",
          alias, connect.rest().url());
      say(
          "  java -jar tool/target/search-sink-tool.jar retire %s-search-v1 --dry-run"
              + " --connect %s",
          story, connect.rest().url());
      say("  curl -s %s/connectors/%s-search-v2/status", connect.rest().url(), story);
      say("Logs are in %s. Press Ctrl-C to stop everything.", work.resolve("logs"));
      Thread.currentThread().join();
    }
  }

  /** Runs the status tool as an operator would, showing the command and what it prints. */
  static void runTool(Path repo, LocalConnect connect, String... args)
      throws IOException, InterruptedException {
    say("  $ search-sink %s", String.join(" ", args));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                repo.resolve("tool/target/search-sink-tool.jar").toString()));
    command.addAll(List.of(args));
    command.add("--connect=" + connect.rest().url());
    Process tool =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    tool.getOutputStream().close();
    try (var lines =
        new BufferedReader(new InputStreamReader(tool.getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(line -> say("    %s", line));
    }
    int exit = tool.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "search-sink " + args[0] + " failed (exit code " + exit + ")");
    }
  }

  private CatalogChanges.EventFormat eventFormat() {
    return avro
        ? new AvroCatalogFormat(registry.confluentApi(), TOPIC)
        : CatalogChanges.JSON_FORMAT;
  }

  private Map<String, String> connectorConfig(
      Path repo, String file, SearchServer searchServer, LocalKafka kafka) throws IOException {
    Map<String, String> config =
        new HashMap<>(
            JSON.readValue(
                repo.resolve("config").resolve(file).toFile(),
                new TypeReference<Map<String, String>>() {}));
    config.put("connection.url", searchServer.url().toString());
    config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    config.put("alias.check.interval.ms", "1000");
    if (avro) {
      // What config/debezium-avro.json sets: Apicurio's converter in the Confluent wire format.
      for (String converter : List.of("key.converter", "value.converter")) {
        config.keySet().removeIf(key -> key.startsWith(converter + "."));
        config.put(converter, "io.apicurio.registry.utils.converter.AvroConverter");
        config.put(converter + ".apicurio.registry.url", registry.registryApi());
        config.put(converter + ".apicurio.registry.as-confluent", "true");
        config.put(converter + ".apicurio.registry.use-id", "contentId");
        config.put(converter + ".apicurio.registry.headers.enabled", "false");
      }
    }
    return config;
  }

  private static void runSearches(Search search) throws IOException {
    say("\nSearching through the alias '%s':", ALIAS);
    Search.Result oakLamps =
        search.search(
            ALIAS,
            "{\"query\": {\"match\": {\"title\": \"oak lamp\"}}, \"size\": 3, \"track_total_hits\": true}");
    say("  title matches 'oak lamp': %,d hits; top 3:", oakLamps.hits());
    for (JsonNode hit : oakLamps.body().path("hits").path("hits")) {
      say(
          "    %s  %s  %.2f",
          hit.path("_id").asText(),
          hit.path("_source").path("title").asText(),
          hit.path("_source").path("price").asDouble());
    }
    Search.Result red =
        search.search(
            ALIAS,
            "{\"query\": {\"term\": {\"color\": \"red\"}}, \"size\": 0, \"track_total_hits\": true}");
    say("  color = red: %,d products", red.hits());
  }

  static void say(String format, Object... args) {
    System.out.println(args.length == 0 ? format : String.format(format, args));
    System.out.flush();
  }

  private synchronized void stopAll() {
    if (running.isEmpty()) {
      return;
    }
    say("Stopping the stack...");
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        say("  could not stop cleanly: %s", e);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
