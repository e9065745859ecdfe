package dev.unbundled.search.it.harness;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** A test on the shared servers and the shared schema registry, with Debezium topics in Avro. */
public abstract class AvroStackTest extends SharedStackTest {

  protected final SchemaRegistry registry;

  protected AvroStackTest(
      Elasticsearch elasticsearch, EmbeddedConnectCluster connect, SchemaRegistry registry) {
    super(elasticsearch, connect);
    this.registry = registry;
  }

  /**
   * A Debezium topic name, {@code <server>.public.<table>}, unique in the run; its parts are valid
   * Avro names, as Debezium's schema names are made from them.
   */
  protected static String debeziumTopic(String table) {
    return TestNames.unique("shop").replace('-', '_') + ".public." + table;
  }

  /** A sink reading Avro keys and values through the registry, unwrapping Debezium's events. */
  protected Map<String, String> avroSink(String topic, int version) {
    return unwrapping(
        registry.withAvroConverters(
            SinkConfigs.jsonSink(topic, elasticsearch, connect, version, 1)));
  }

  /** The same, with converters reading through the registry API at {@code registryApi}. */
  protected Map<String, String> avroSink(String topic, String registryApi) {
    return unwrapping(
        SchemaRegistry.withAvroConverters(
            SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1), registryApi));
  }

  private static Map<String, String> unwrapping(Map<String, String> config) {
    config.put("transforms", "unwrap");
    config.put("transforms.unwrap.type", "dev.unbundled.search.transforms.CdcUnwrap");
    return config;
  }

  /** The status tool's verify of a connector, given the worker's converter plugins. */
  protected StatusTool.Result verify(String connector) throws Exception {
    return new StatusTool(connect)
        .run(
            "verify",
            connector,
            "--plugin-path=" + System.getProperty(ConnectStack.CONVERTER_PLUGIN_PATH_PROPERTY));
  }

  /** The key schema of a table whose key is one int column, {@code id}. */
  protected static Schema idKey(String topic) {
    return DebeziumEvents.keySchema(topic, SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA));
  }

  /** The key {@code {"id": id}} of a table whose key is one int column. */
  protected static Struct key(Schema keySchema, int id) {
    return new Struct(keySchema).put("id", id);
  }
}
