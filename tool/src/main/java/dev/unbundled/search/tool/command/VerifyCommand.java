package dev.unbundled.search.tool.command;

import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.ToolJson;
import dev.unbundled.search.tool.alias.Moves;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import dev.unbundled.search.tool.session.Endpoints;
import dev.unbundled.search.tool.verify.IndexContents;
import dev.unbundled.search.tool.verify.PluginPath;
import dev.unbundled.search.tool.verify.RecordPipeline;
import dev.unbundled.search.tool.verify.TopicReplay;
import dev.unbundled.search.tool.verify.VerifyReport;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Proves that a connector's indexes match its topics: reads the topics to their end, builds the
 * latest write of every document by the sink's own rules, and compares ids, versions and sources
 * with the indexes. Exit code 0 only when they match.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "verify",
    description =
        "Compare the connector's indexes with its topics: counts, missing and extra ids, and"
            + " documents whose version or source differs. Exit code 0 only when they match.")
public final class VerifyCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Parameters(paramLabel = "CONNECTOR", description = "The connector to verify.")
  String connector;

  @Option(
      names = "--worker-config",
      paramLabel = "FILE",
      description =
          "The worker's properties, for the converters when the connector does not set its own"
              + " (default then: JsonConverter without schemas).")
  Path workerConfig;

  @Option(
      names = "--plugin-path",
      paramLabel = "DIRS",
      description =
          "Where converters and transforms that are not built into the tool are (an Avro"
              + " converter, say): the worker's plugin.path, comma-separated directories of plugin"
              + " directories or jars (default: plugin.path of --worker-config).")
  String pluginPath;

  @Option(
      names = "--max-ids",
      defaultValue = "20",
      description = "Ids to print per kind of difference (default: ${DEFAULT-VALUE}).")
  int maxIds;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SinkConnectorInfo info = Moves.connector(endpoints.connect.client(), connector);
    Map<String, String> worker = worker();
    ClassLoader plugins =
        PluginPath.loader(pluginPath != null ? pluginPath : worker.get("plugin.path"));
    // Converters may look up their own services through the context class loader.
    Thread.currentThread().setContextClassLoader(plugins);
    try (ConnectorSession session = endpoints.open(info);
        RecordPipeline pipeline = new RecordPipeline(session.settings(), worker, plugins)) {
      long behind =
          session.positions().values().stream().mapToLong(CatchUpCheck.Position::behind).sum();
      TopicReplay.Result replay =
          new TopicReplay(session.config(), session.settings(), pipeline).read();
      TreeSet<String> indexes = new TreeSet<>(replay.documents().keySet());
      session.ownIndexes().stream().map(IndexCatalog.IndexEntry::name).forEach(indexes::add);
      List<VerifyReport.IndexReport> reports = new ArrayList<>();
      for (String index : indexes) {
        var stored = IndexContents.read(session.es(), index);
        reports.add(
            VerifyReport.compare(
                index,
                replay.documents().getOrDefault(index, Map.of()),
                stored.orElse(Map.of()),
                stored.isPresent(),
                maxIds));
      }
      VerifyReport report =
          new VerifyReport(
              connector, replay.records(), replay.failed(), replay.failures(), behind, reports);
      if (json) {
        out.println(ToolJson.MAPPER.writeValueAsString(report));
      } else {
        report.lines().forEach(out::println);
      }
      out.flush();
      return (report.matches() ? ExitCode.OK : ExitCode.REFUSED).code();
    }
  }

  private Map<String, String> worker() throws java.io.IOException {
    Map<String, String> values = new HashMap<>();
    if (workerConfig != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(workerConfig)) {
        properties.load(reader);
      }
      properties.stringPropertyNames().forEach(n -> values.put(n, properties.getProperty(n)));
    }
    return values;
  }
}
