package dev.unbundled.search.it.harness;

import io.apicurio.registry.utils.converter.AvroConverter;
import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * Serializes Connect data to Avro the way a Debezium source connector's worker does: through the
 * Avro converter, which registers each new schema in the registry and writes the Confluent wire
 * format (magic byte, 4-byte schema id, Avro body). The sink's worker reads them back with its own
 * copy of the converter, from its plugin directory.
 */
public final class AvroRecords implements AutoCloseable {

  private final AvroConverter keys = new AvroConverter();
  private final AvroConverter values = new AvroConverter();

  public AvroRecords(SchemaRegistry registry) {
    keys.configure(registry.converterSettings(), true);
    values.configure(registry.converterSettings(), false);
  }

  /** A record of {@code topic}: key and value serialized; a null value is a tombstone. */
  public Map.Entry<byte[], byte[]> record(
      String topic, Schema keySchema, Object key, Schema valueSchema, Object value) {
    return new SimpleEntry<>(
        keys.fromConnectData(topic, keySchema, key),
        value == null ? null : values.fromConnectData(topic, valueSchema, value));
  }

  /** What the sink's converter makes of a serialized value, to compare with. */
  public SchemaAndValue readValue(String topic, byte[] value) {
    return values.toConnectData(topic, value);
  }

  @Override
  public void close() {
    keys.close();
    values.close();
  }
}
