package dev.unbundled.search.tool.alias;

import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.FakeConnect;
import dev.unbundled.search.tool.session.FakeSessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;

/** Connectors in an in-memory Connect, their indexes in an in-memory cluster, and their output. */
final class AliasFixture {

  final FakeConnect connect = new FakeConnect();
  final FakeSessions sessions = new FakeSessions();
  final ConnectClient client = new ConnectClient(connect);
  private final StringWriter printed = new StringWriter();
  final PrintWriter out = new PrintWriter(printed);

  /** A running connector of version {@code version} on {@code topic}. */
  AliasFixture connector(String name, String topic, int version, String... more) {
    Map<String, String> config = new TreeMap<>();
    config.put("connector.class", ConnectClient.CONNECTOR_CLASS);
    config.put("topics", topic);
    config.put("connection.url", "http://localhost:9200");
    config.put("kafka.bootstrap.servers", "localhost:9092");
    config.put("index.version", Integer.toString(version));
    config.put("alias.promotion.max.lag", "10");
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    config.put("name", name);
    connect.with(name, config);
    return this;
  }

  /** An index of {@code connector}, past its build phase (caught up, tuning restored). */
  AliasFixture readyIndex(String index, String connector, String topic, int version) {
    IndexOwnership owner =
        IndexOwnership.created(connector, topic, version)
            .withPhase(Phase.CAUGHT_UP)
            .tuningRestored();
    sessions.es.createIndex(index, owner.toMeta(null));
    return this;
  }

  /** An index of {@code connector} still in its build phase. */
  AliasFixture buildingIndex(String index, String connector, String topic, int version) {
    sessions.es.createIndex(index, IndexOwnership.created(connector, topic, version).toMeta(null));
    return this;
  }

  String printed() {
    out.flush();
    return printed.toString();
  }
}
