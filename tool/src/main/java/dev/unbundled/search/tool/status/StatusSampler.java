package dev.unbundled.search.tool.status;

import dev.unbundled.search.tool.ToolErrors;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads where connectors stand, again and again: keeps one session per connector (reopened when its
 * configuration changes) and the write counts rates are measured from.
 */
public final class StatusSampler implements AutoCloseable {

  private final ConnectClient connect;
  private final ConnectorSession.Opener sessionOpener;
  private final List<String> only;
  private final Map<String, ConnectorSession> sessions = new HashMap<>();
  private final RateTracker rates = new RateTracker(Duration.ofSeconds(30));

  /**
   * @param only the connectors to read; every connector of the plugin when empty
   */
  public StatusSampler(
      ConnectClient connect, ConnectorSession.Opener sessionOpener, List<String> only) {
    this.connect = connect;
    this.sessionOpener = sessionOpener;
    this.only = List.copyOf(only);
  }

  public List<ConnectorStatus> read() throws Exception {
    List<ConnectorStatus> statuses = new ArrayList<>();
    StatusReader reader = new StatusReader(rates);
    for (SinkConnectorInfo info : connect.sinkConnectors()) {
      if (!only.isEmpty() && !only.contains(info.name())) {
        continue;
      }
      try {
        ConnectorSession session = sessions.get(info.name());
        if (session == null || !session.info().config().equals(info.config())) {
          if (session != null) {
            session.close();
          }
          session = sessionOpener.open(info);
          sessions.put(info.name(), session);
        }
        session.update(info);
        statuses.add(reader.read(session));
      } catch (Exception e) {
        statuses.add(ConnectorStatus.unreadable(info, ToolErrors.describe(e)));
      }
    }
    return statuses;
  }

  @Override
  public void close() {
    sessions.values().forEach(ConnectorSession::close);
  }
}
