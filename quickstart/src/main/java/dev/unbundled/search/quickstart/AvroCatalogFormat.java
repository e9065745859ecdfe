package dev.unbundled.search.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The catalogue's change events in Avro, as a Debezium worker with an Avro converter writes them:
 * key and envelope schemas registered in the schema registry through its Confluent-compatible API
 * (subjects {@code <topic>-key} and {@code <topic>-value}), and each message in the Confluent wire
 * format: magic byte 0, the schema's 4-byte id, the Avro binary body. The price is an Avro decimal
 * and {@code updated_at} a Debezium {@code MicroTimestamp}, so the index shows exact numbers and
 * dates.
 */
final class AvroCatalogFormat implements CatalogChanges.EventFormat {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private final Schema keySchema;
  private final Schema rowSchema;
  private final Schema envelopeSchema;
  private final Schema sourceSchema;
  private final int keyId;
  private final int valueId;

  AvroCatalogFormat(String confluentApi, String topic) {
    String namespace = topic.replace('-', '_');
    keySchema = parse(KEY.replace("NAMESPACE", namespace));
    rowSchema = parse(ROW.replace("NAMESPACE", namespace));
    envelopeSchema =
        parse(ENVELOPE.replace("NAMESPACE", namespace).replace("ROW", rowSchema.toString()));
    sourceSchema = envelopeSchema.getField("source").schema();
    keyId = register(confluentApi, topic + "-key", keySchema);
    valueId = register(confluentApi, topic + "-value", envelopeSchema);
  }

  private static final String KEY =
      """
      {"type":"record","name":"Key","namespace":"NAMESPACE",
       "fields":[{"name":"id","type":"int"}],"connect.name":"NAMESPACE.Key"}""";

  private static final String ROW =
      """
      {"type":"record","name":"Value","namespace":"NAMESPACE","connect.name":"NAMESPACE.Value",
       "fields":[
        {"name":"id","type":"int"},
        {"name":"sku","type":"string"},
        {"name":"title","type":"string"},
        {"name":"description","type":["null","string"],"default":null},
        {"name":"category","type":"string"},
        {"name":"color","type":"string"},
        {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2,
          "connect.name":"org.apache.kafka.connect.data.Decimal","connect.version":1,
          "connect.parameters":{"scale":"2","connect.decimal.precision":"10"}}},
        {"name":"stock","type":"int"},
        {"name":"revision","type":"int"},
        {"name":"updated_at","type":{"type":"long","connect.name":"io.debezium.time.MicroTimestamp",
          "connect.version":1}}
       ]}""";

  private static final String ENVELOPE =
      """
      {"type":"record","name":"Envelope","namespace":"NAMESPACE","connect.name":"NAMESPACE.Envelope",
       "fields":[
        {"name":"before","type":["null",ROW],"default":null},
        {"name":"after","type":["null","NAMESPACE.Value"],"default":null},
        {"name":"source","type":{"type":"record","name":"Source",
          "namespace":"io.debezium.connector.postgresql",
          "connect.name":"io.debezium.connector.postgresql.Source",
          "fields":[{"name":"table","type":"string"},{"name":"lsn","type":["null","long"],"default":null}]}},
        {"name":"op","type":"string"},
        {"name":"ts_ms","type":["null","long"],"default":null}
       ]}""";

  private static Schema parse(String schema) {
    return new Schema.Parser().parse(schema);
  }

  @Override
  public byte[] key(int id) {
    GenericRecord key = new GenericData.Record(keySchema);
    key.put("id", id);
    return wire(keyId, keySchema, key);
  }

  @Override
  public byte[] event(ObjectNode event) {
    GenericRecord envelope = new GenericData.Record(envelopeSchema);
    envelope.put("before", null);
    envelope.put("after", event.get("after").isNull() ? null : row(event.get("after")));
    JsonNode source = event.get("source");
    GenericRecord sourceRecord = new GenericData.Record(sourceSchema);
    sourceRecord.put("table", source.get("table").asText());
    sourceRecord.put("lsn", source.get("lsn").asLong());
    envelope.put("source", sourceRecord);
    envelope.put("op", event.get("op").asText());
    envelope.put("ts_ms", event.get("ts_ms").asLong());
    return wire(valueId, envelopeSchema, envelope);
  }

  private GenericRecord row(JsonNode after) {
    GenericRecord row = new GenericData.Record(rowSchema);
    for (String field : new String[] {"sku", "title", "description", "category", "color"}) {
      row.put(field, after.get(field).asText());
    }
    for (String field : new String[] {"id", "stock", "revision"}) {
      row.put(field, after.get(field).asInt());
    }
    Schema priceSchema = rowSchema.getField("price").schema();
    BigDecimal price = after.get("price").decimalValue().setScale(2, RoundingMode.HALF_UP);
    ByteBuffer bytes = DECIMALS.toBytes(price, priceSchema, LogicalTypes.decimal(10, 2));
    row.put("price", bytes);
    row.put("updated_at", System.currentTimeMillis() * 1_000L);
    return row;
  }

  private static byte[] wire(int schemaId, Schema schema, GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(0);
      out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers the schema under the subject (or finds it there) and returns its id. */
  private static int register(String confluentApi, String subject, Schema schema) {
    ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(confluentApi + "/subjects/" + subject + "/versions"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "The registry refused schema " + subject + ": " + response.body());
      }
      return JSON.readTree(response.body()).get("id").asInt();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot register schema " + subject, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
