package dev.unbundled.search.tool.alias;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.AliasTopicGuard;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code promote}: moves the read aliases (or the preview aliases) of every topic of a connector to
 * its indexes, in one atomic request, only when every one of them is ready ({@link Readiness}) and
 * no alias would end up on two topics ({@link AliasTopicGuard}).
 */
public final class Promote {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConnectClient connect;
  private final ConnectorSession.Opener sessions;
  private final Clock clock;

  public Promote(ConnectClient connect, ConnectorSession.Opener sessions, Clock clock) {
    this.connect = connect;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * Checks every index of {@code connector} and moves its aliases in one request, or prints why
   * not.
   *
   * @param preview whether to move the preview aliases instead of the read aliases
   * @param dryRun check and print the request, change nothing
   * @return {@link ExitCode#OK} or {@link ExitCode#REFUSED}
   */
  public int run(PrintWriter out, String connector, boolean preview, boolean dryRun)
      throws Exception {
    SinkConnectorInfo info = Moves.connector(connect, connector);
    try (ConnectorSession session = sessions.open(info)) {
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
        aliases.add(aliasFor(session, index, preview));
      }
      if (!problems.isEmpty()) {
        return Moves.refuse(out, "promote " + connector, problems);
      }
      Map<String, List<String>> holders = session.catalog().holders(aliases);
      Map<String, IndexCatalog.IndexEntry> holding =
          session.catalog().entries(holders.values().stream().flatMap(List::stream).toList());
      AliasTopicGuard guard = AliasTopicGuard.of(session.config());
      // With time buckets, one alias covers every bucket of the connector's version of a topic.
      Map<String, List<String>> indexesOf = new LinkedHashMap<>();
      for (IndexCatalog.IndexEntry index : own) {
        String alias = aliasFor(session, index, preview);
        String topic = index.owner().topic();
        guard
            .otherTopic(topic, index.name(), holders.get(alias), holding)
            .ifPresent(
                other -> problems.add(AliasTopicGuard.refusal(alias, index.name(), topic, other)));
        indexesOf.computeIfAbsent(alias, a -> new ArrayList<>()).add(index.name());
      }
      List<AliasSwitch.Move> moves = new ArrayList<>();
      indexesOf.forEach(
          (alias, indexes) -> moves.add(new AliasSwitch.Move(alias, holders.get(alias), indexes)));
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
                  index,
                  preview ? owner.previewed(clock.instant()) : owner.promoted(clock.instant()));
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

  private static String aliasFor(
      ConnectorSession session, IndexCatalog.IndexEntry index, boolean preview) {
    String topic = index.ownership().orElseThrow().topic();
    return preview ? session.previewAlias(topic).orElseThrow() : session.readAlias(topic);
  }
}
