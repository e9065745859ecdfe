package dev.unbundled.search.benchmarks;

import dev.unbundled.search.connector.bulk.BulkBatch;
import dev.unbundled.search.connector.config.DocumentIdSource;
import dev.unbundled.search.connector.config.DocumentVersion;
import dev.unbundled.search.connector.config.NullValueBehavior;
import dev.unbundled.search.connector.config.WriteMethod;
import dev.unbundled.search.connector.convert.RecordConverter;
import dev.unbundled.search.connector.index.IndexNames;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.StringConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole per-record work of a sink task for a topic of JSON values, from the value's bytes as
 * Kafka delivers them to bulk request bytes: the worker's converter, then the connector. Compares
 * the JsonConverter without schemas (bytes to a tree to a Map, which the connector writes out
 * again) with the StringConverter (the JSON text, which the connector checks and copies token by
 * token): the choice of {@code value.converter} a user makes.
 *
 * <p>Records/s is the score; {@code megabytes} is request bytes per second; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the bytes allocated per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BytesToBulkBenchmark {

  private static final int DISTINCT_RECORDS = 4_096;

  private byte[][] values;
  private String[] keys;
  private int next;
  private RecordConverter converter;
  private BulkBatch<SinkRecord> batch;
  private Converter jsonConverter;
  private Converter stringConverter;

  @Setup
  public void setUp() {
    values = SampleRecords.jsonValues(DISTINCT_RECORDS);
    keys = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      keys[i] = "p" + i;
    }
    converter =
        new RecordConverter(
            new IndexNames("${topic}-v${version}", 1),
            new RecordConverter.Settings(
                DocumentIdSource.KEY,
                null,
                WriteMethod.INDEX,
                DocumentVersion.OFFSET,
                null,
                NullValueBehavior.DELETE,
                null,
                false));
    batch = new BulkBatch<>();
    JsonConverter json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "false"), false);
    jsonConverter = json;
    StringConverter string = new StringConverter();
    string.configure(Map.of(), false);
    stringConverter = string;
  }

  @Benchmark
  public void jsonConverterThenConnector(RecordToBulkBenchmark.Output output, Blackhole blackhole)
      throws IOException {
    write(jsonConverter, output, blackhole);
  }

  @Benchmark
  public void stringConverterThenConnector(RecordToBulkBenchmark.Output output, Blackhole blackhole)
      throws IOException {
    write(stringConverter, output, blackhole);
  }

  private void write(
      Converter valueConverter, RecordToBulkBenchmark.Output output, Blackhole blackhole)
      throws IOException {
    int i = next;
    next = (next + 1) % values.length;
    SchemaAndValue value = valueConverter.toConnectData(SampleRecords.TOPIC, values[i]);
    SinkRecord record =
        new SinkRecord(
            SampleRecords.TOPIC,
            i % 4,
            Schema.STRING_SCHEMA,
            keys[i],
            value.schema(),
            value.value(),
            i);
    batch.add(converter.convert(record).orElseThrow(), record);
    if (batch.size() >= RecordToBulkBenchmark.REQUEST_OPERATIONS
        || batch.sizeInBytes() >= RecordToBulkBenchmark.REQUEST_BYTES) {
      blackhole.consume(batch.bodyBytes());
      output.megabytes += batch.sizeInBytes() / 1e6;
      batch = new BulkBatch<>(batch.releaseBuffer());
    }
  }
}
