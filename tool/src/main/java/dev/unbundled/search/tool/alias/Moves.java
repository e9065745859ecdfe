package dev.unbundled.search.tool.alias;

import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** What promote and rollback share: finding the connector, refusing, and moving. */
public final class Moves {

  private Moves() {}

  public static SinkConnectorInfo connector(ConnectClient connect, String name) throws Exception {
    return connect
        .connector(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Kafka Connect has no connector '"
                        + name
                        + "' of class "
                        + ConnectClient.CONNECTOR_CLASS));
  }

  public static int refuse(PrintWriter out, String what, List<String> reasons) {
    out.println("Refusing to " + what + ":");
    reasons.forEach(reason -> out.println("  - " + reason));
    out.flush();
    return ExitCode.REFUSED.code();
  }

  /**
   * Prints the moves, then sends them unless this is a dry run or nothing needs to move.
   *
   * @return whether the aliases were moved
   */
  public static boolean perform(
      PrintWriter out, ConnectorSession session, List<AliasSwitch.Move> moves, boolean dryRun)
      throws IOException {
    if (moves.stream().allMatch(AliasSwitch.Move::done)) {
      moves.forEach(move -> out.println("Already in place: " + move.describe()));
      out.flush();
      return false;
    }
    moves.forEach(move -> out.println((dryRun ? "Would move " : "Moving ") + move.describe()));
    if (dryRun) {
      out.println("POST /_aliases");
      out.println(AliasSwitch.pretty(AliasSwitch.request(moves)));
      out.flush();
      return false;
    }
    AliasSwitch.apply(session.es(), moves);
    out.println("Done, in one atomic _aliases request.");
    out.flush();
    return true;
  }
}
