package dev.unbundled.search.tool.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.index.WriteTarget;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link SearchIndexes} on a real cluster, through a connector's session. */
public final class ElasticsearchIndexes implements SearchIndexes {

  private final ConnectorSession session;

  private ElasticsearchIndexes(ConnectorSession session) {
    this.session = session;
  }

  /** Opens a connector's Elasticsearch through the sessions {@code sessions} opens. */
  public static SearchIndexes.Opener opener(ConnectorSession.Opener sessions) {
    return (connector, config) ->
        new ElasticsearchIndexes(
            sessions.open(
                new SinkConnectorInfo(connector, config, "UNKNOWN", List.of(), List.of())));
  }

  @Override
  public Map<String, IndexCatalog.IndexEntry> indexes() throws IOException {
    return session.catalog().indexes();
  }

  @Override
  public Map<String, List<String>> readerAliases(Collection<String> indexes) throws IOException {
    Map<String, List<String>> aliases = new TreeMap<>();
    indexes.forEach(index -> aliases.put(index, new ArrayList<>()));
    if (indexes.isEmpty()) {
      return aliases;
    }
    JsonNode response =
        session
            .es()
            .get("/" + String.join(",", indexes) + "/_alias?ignore_unavailable=true")
            .orElse(null);
    if (response == null) {
      return aliases;
    }
    response
        .fields()
        .forEachRemaining(
            index ->
                index
                    .getValue()
                    .path("aliases")
                    .fieldNames()
                    .forEachRemaining(
                        alias -> {
                          if (!WriteTarget.isWriteAliasOf(alias, index.getKey())
                              && aliases.containsKey(index.getKey())) {
                            aliases.get(index.getKey()).add(alias);
                          }
                        }));
    aliases.values().forEach(list -> list.sort(null));
    return aliases;
  }

  @Override
  public void delete(String index) throws IOException {
    session.es().send("DELETE", "/" + index, null);
  }

  @Override
  public void close() {
    session.close();
  }
}
