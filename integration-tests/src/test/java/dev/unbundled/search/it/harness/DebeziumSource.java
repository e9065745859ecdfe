package dev.unbundled.search.it.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A real Debezium PostgreSQL source connector in the tests' Connect worker, capturing some tables
 * of one test database through {@code pgoutput} into topics of a prefix no other test uses. Made
 * through the Connect REST API as an operator would make one; its topics are created by Connect
 * ({@code topic.creation.default.*}) with the partitions the test asks for, since the broker
 * creates none on its own.
 */
public final class DebeziumSource {

  public static final String CONNECTOR_CLASS = "io.debezium.connector.postgresql.PostgresConnector";

  /** Debezium's transform that turns a change event into its row state. */
  public static final String EXTRACT_NEW_RECORD_STATE =
      "io.debezium.transforms.ExtractNewRecordState";

  private final EmbeddedConnectCluster connect;
  private final Postgres.Database database;
  private final String name;
  private final String topicPrefix;

  private DebeziumSource(
      EmbeddedConnectCluster connect, Postgres.Database database, String name, String prefix) {
    this.connect = connect;
    this.database = database;
    this.name = name;
    this.topicPrefix = prefix;
  }

  /** JSON keys and values with their schemas, as Debezium's own examples configure it. */
  public static Map<String, String> jsonConverters() {
    Map<String, String> converters = new HashMap<>();
    converters.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    converters.put("key.converter.schemas.enable", "true");
    converters.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    converters.put("value.converter.schemas.enable", "true");
    return converters;
  }

  /**
   * Creates the connector for tables of the database's {@code public} schema, and waits until its
   * task runs; it then snapshots the tables ({@code snapshot.mode=initial}) and streams changes.
   *
   * @param partitions of each topic it writes to
   * @param converters key and value converter settings ({@link #jsonConverters()}, or {@link
   *     SchemaRegistry#withAvroConverters})
   */
  public static DebeziumSource start(
      EmbeddedConnectCluster connect,
      Postgres.Database database,
      List<String> tables,
      int partitions,
      Map<String, String> converters)
      throws InterruptedException {
    // Slot, publication and topic prefix must be SQL and Avro names: no dashes.
    String prefix = TestNames.unique("pg").replace('-', '_');
    Postgres server = database.server();
    Map<String, String> config = new HashMap<>(converters);
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("database.hostname", server.host());
    config.put("database.port", Integer.toString(server.port()));
    config.put("database.user", server.user());
    config.put("database.password", "");
    config.put("database.dbname", database.name());
    config.put("topic.prefix", prefix);
    config.put("plugin.name", "pgoutput");
    config.put("slot.name", prefix);
    config.put("publication.name", prefix);
    config.put("publication.autocreate.mode", "filtered");
    config.put(
        "table.include.list",
        tables.stream().map(table -> "public." + table).collect(Collectors.joining(",")));
    config.put("snapshot.mode", "initial");
    config.put("topic.creation.default.partitions", Integer.toString(partitions));
    config.put("topic.creation.default.replication.factor", "1");
    String name = prefix.replace('_', '-') + "-source";
    connect.configureConnector(name, config);
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(name, 1, "Debezium source did not start");
    return new DebeziumSource(connect, database, name, prefix);
  }

  /** The connector's name. */
  public String name() {
    return name;
  }

  /** The replication slot it streams from (named as its topic prefix). */
  public String slot() {
    return topicPrefix;
  }

  /** The topic of a table of the {@code public} schema: {@code <prefix>.public.<table>}. */
  public String topic(String table) {
    return topicPrefix + ".public." + table;
  }

  /**
   * Snapshots the tables again as an operator does in production: stops the connector, deletes its
   * offsets, drops its replication slot, lets {@code whileStopped} change rows, and resumes it, so
   * Debezium, finding no offsets, snapshots anew ({@code snapshot.mode=initial}) and streams from a
   * new slot. Returns once its task runs again.
   */
  public void resnapshot(Runnable whileStopped) throws InterruptedException {
    connect.stopConnector(name);
    connect.assertions().assertConnectorIsStopped(name, "Debezium source did not stop");
    connect.resetConnectorOffsets(name);
    database.server().dropReplicationSlot(slot());
    whileStopped.run();
    connect.resumeConnector(name);
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(name, 1, "Debezium source did not resume");
  }

  /** Deletes the connector and its replication slot, which would otherwise keep WAL. */
  public void delete() throws InterruptedException {
    if (connect.connectors().contains(name)) {
      connect.deleteConnector(name);
    }
    database.server().dropReplicationSlot(slot());
  }
}
