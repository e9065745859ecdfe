package dev.unbundled.search.tool.alias;

import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.AliasTopicGuard;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rollback}: moves an alias back, by default to the highest version below the one it is on,
 * of the same topic; only to an index whose connector still runs and keeps it current ({@link
 * Readiness}). Connectors never undo it: an automatic promotion happens at most once per index.
 */
public final class Rollback {

  private final ConnectClient connect;
  private final ConnectorSession.Opener sessions;

  public Rollback(ConnectClient connect, ConnectorSession.Opener sessions) {
    this.connect = connect;
    this.sessions = sessions;
  }

  /**
   * Moves {@code alias} back to {@code to}, or by default to the highest earlier version of the
   * same topic, or prints why not.
   *
   * @param to the index to move it to, or null for the previous version
   * @return {@link ExitCode#OK} or {@link ExitCode#REFUSED}
   */
  public int run(PrintWriter out, String alias, String to, boolean dryRun) throws Exception {
    List<SinkConnectorInfo> connectors = connect.sinkConnectors();
    if (connectors.isEmpty()) {
      return Moves.refuse(out, "roll back " + alias, List.of("Connect has no connector of ours"));
    }
    // Any of our connectors reaches the cluster; the target's own connector judges readiness.
    try (ConnectorSession any = sessions.open(connectors.get(0))) {
      Map<String, IndexCatalog.IndexEntry> catalog = any.catalog().indexes();
      List<String> current = any.catalog().holders(List.of(alias)).get(alias);
      Optional<IndexCatalog.IndexEntry> target = target(catalog, current, to);
      if (target.isEmpty()) {
        return Moves.refuse(
            out,
            "roll back " + alias,
            List.of(
                to != null
                    ? "index " + to + " does not exist or no connector of ours owns it"
                    : current.isEmpty()
                        ? "the alias points at no index; use promote"
                        : "no earlier version of " + current + " to go back to"));
      }
      IndexOwnership owner = target.get().ownership().orElseThrow();
      Optional<SinkConnectorInfo> keeper =
          connectors.stream().filter(c -> c.name().equals(owner.connector())).findFirst();
      if (keeper.isEmpty()) {
        return Moves.refuse(
            out,
            "roll back " + alias + " to " + target.get().name(),
            List.of(
                "connector "
                    + owner.connector()
                    + ", which kept "
                    + target.get().name()
                    + " current, no longer exists: the index is stale"));
      }
      // With time buckets, the alias goes back to every bucket of that version of the topic.
      List<IndexCatalog.IndexEntry> family = family(catalog, owner);
      try (ConnectorSession session = sessions.open(keeper.get())) {
        var positions = session.positions();
        List<String> problems = new ArrayList<>();
        for (IndexCatalog.IndexEntry index : family) {
          problems.addAll(Readiness.problems(session, positions, index));
        }
        AliasTopicGuard.of(session.config())
            .otherTopic(owner.topic(), target.get().name(), current, catalog)
            .ifPresent(
                other ->
                    problems.add(
                        AliasTopicGuard.refusal(alias, target.get().name(), owner.topic(), other)));
        if (!problems.isEmpty()) {
          return Moves.refuse(out, "roll back " + alias + " to " + target.get().name(), problems);
        }
        Moves.perform(
            out,
            session,
            List.of(
                new AliasSwitch.Move(
                    alias, current, family.stream().map(IndexCatalog.IndexEntry::name).toList())),
            dryRun);
        return ExitCode.OK.code();
      }
    }
  }

  /**
   * The indexes of the connector, topic and version that {@code owner} records: the one index, or
   * every time bucket of that version.
   */
  private static List<IndexCatalog.IndexEntry> family(
      Map<String, IndexCatalog.IndexEntry> catalog, IndexOwnership owner) {
    return catalog.values().stream()
        .filter(
            index ->
                index
                    .ownership()
                    .filter(o -> o.connector().equals(owner.connector()))
                    .filter(o -> o.topic().equals(owner.topic()))
                    .filter(o -> o.version() == owner.version())
                    .isPresent())
        .sorted(Comparator.comparing(IndexCatalog.IndexEntry::name))
        .toList();
  }

  /** The requested index, or the highest version of the same topic below the current one. */
  private static Optional<IndexCatalog.IndexEntry> target(
      Map<String, IndexCatalog.IndexEntry> catalog, List<String> current, String to) {
    if (to != null) {
      return Optional.ofNullable(catalog.get(to)).filter(index -> index.ownership().isPresent());
    }
    Optional<IndexOwnership> now =
        current.stream()
            .map(catalog::get)
            .filter(java.util.Objects::nonNull)
            .flatMap(index -> index.ownership().stream())
            .max(Comparator.comparingInt(IndexOwnership::version));
    if (now.isEmpty()) {
      return Optional.empty();
    }
    return catalog.values().stream()
        .filter(index -> !current.contains(index.name()))
        .filter(
            index ->
                index
                    .ownership()
                    .filter(o -> o.topic().equals(now.get().topic()))
                    .filter(o -> o.version() < now.get().version())
                    .isPresent())
        .max(Comparator.comparingInt(index -> index.ownership().orElseThrow().version()));
  }
}
