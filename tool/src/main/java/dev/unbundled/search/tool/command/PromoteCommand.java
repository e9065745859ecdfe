package dev.unbundled.search.tool.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.AliasTopicGuard;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.alias.AliasSwitch;
import dev.unbundled.search.tool.alias.Moves;
import dev.unbundled.search.tool.alias.Readiness;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import dev.unbundled.search.tool.session.Endpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Moves the read aliases (or, with {@code --preview}, the preview aliases) of every topic of a
 * connector to its indexes, in one atomic request, only when every one of them is ready.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "promote",
    description =
        "Point the connector's read aliases (or preview aliases) at its indexes, in one atomic"
            + " request; refuses unless every index is caught up and healthy.")
public final class PromoteCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin Endpoints endpoints;

  @Parameters(paramLabel = "CONNECTOR", description = "The connector whose indexes readers get.")
  String connector;

  @Option(names = "--preview", description = "Move the preview aliases instead.")
  boolean preview;

  @Option(names = "--dry-run", description = "Check and print the request, change nothing.")
  boolean dryRun;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SinkConnectorInfo info = Moves.connector(endpoints.connect.client(), connector);
    try (ConnectorSession session = endpoints.open(info)) {
      List<IndexCatalog.IndexEntry> own = session.ownIndexes();
      if (own.isEmpty()) {
        return Moves.refuse(out, "promote " + connector, List.of("it has written no index yet"));
      }
      if (preview && session.config().previewAliasNameFormat().isEmpty()) {
        return Moves.refuse(
            out, "promote " + connector, List.of("it has no alias.preview.name.format"));
      }
      List<String> problems = new ArrayList<>();
      List<String> aliases = new ArrayList<>();
      var positions = session.positions();
      for (IndexCatalog.IndexEntry index : own) {
        problems.addAll(Readiness.problems(session, positions, index));
        aliases.add(aliasFor(session, index));
      }
      if (!problems.isEmpty()) {
        return Moves.refuse(out, "promote " + connector, problems);
      }
      Map<String, List<String>> holders = session.catalog().holders(aliases);
      Map<String, IndexCatalog.IndexEntry> holding =
          session.catalog().entries(holders.values().stream().flatMap(List::stream).toList());
      AliasTopicGuard guard = AliasTopicGuard.of(session.config());
      List<AliasSwitch.Move> moves = new ArrayList<>();
      for (IndexCatalog.IndexEntry index : own) {
        String alias = aliasFor(session, index);
        String topic = index.owner().topic();
        guard
            .otherTopic(topic, index.name(), holders.get(alias), holding)
            .ifPresent(
                other -> problems.add(AliasTopicGuard.refusal(alias, index.name(), topic, other)));
        moves.add(new AliasSwitch.Move(alias, holders.get(alias), index.name()));
      }
      if (!problems.isEmpty()) {
        return Moves.refuse(out, "promote " + connector, problems);
      }
      boolean moving = !dryRun && !moves.stream().allMatch(AliasSwitch.Move::done);
      if (moving) {
        // Recorded before the aliases move, as the connector records its own moves, so that it
        // never repeats this one: the connector's check that sees the move also reads the mark,
        // and its own write of the new phase keeps it.
        for (IndexCatalog.IndexEntry index : own) {
          IndexOwnership owner = index.owner();
          session
              .catalog()
              .record(
                  index, preview ? owner.previewed(Instant.now()) : owner.promoted(Instant.now()));
        }
      }
      try {
        Moves.perform(out, session, moves, dryRun);
      } catch (IOException | RuntimeException e) {
        if (moving) {
          unmark(session, own);
        }
        throw e;
      }
      return ExitCode.OK.code();
    }
  }

  /** Puts back the {@code _meta} the indexes had: the aliases did not move after all. */
  private static void unmark(ConnectorSession session, List<IndexCatalog.IndexEntry> own)
      throws IOException {
    for (IndexCatalog.IndexEntry index : own) {
      ObjectNode body = JSON.createObjectNode();
      body.set("_meta", index.meta());
      session.es().send("PUT", "/" + index.name() + "/_mapping", body);
    }
  }

  private String aliasFor(ConnectorSession session, IndexCatalog.IndexEntry index) {
    String topic = index.ownership().orElseThrow().topic();
    return preview ? session.previewAlias(topic).orElseThrow() : session.readAlias(topic);
  }
}
