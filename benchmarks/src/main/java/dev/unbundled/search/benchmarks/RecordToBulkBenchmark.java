package dev.unbundled.search.benchmarks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.JsonData;
import dev.unbundled.search.connector.bulk.BulkBatch;
import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.config.DocumentIdSource;
import dev.unbundled.search.connector.config.DocumentVersion;
import dev.unbundled.search.connector.config.NullValueBehavior;
import dev.unbundled.search.connector.config.WriteMethod;
import dev.unbundled.search.connector.convert.RecordConverter;
import dev.unbundled.search.connector.index.IndexNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One record (as the worker's converter hands it to the task) into the bytes of a bulk request, per
 * operation: the connector's path against the obvious alternatives. Requests close, as the
 * connector's do by default, at 2,000 operations or 5 MiB.
 *
 * <ul>
 *   <li>{@code connector}: {@link RecordConverter} decides the write, {@link BulkBatch} writes the
 *       action line and the document (ConnectJsonWriter) straight into the request body;
 *   <li>{@code connectorUnsizedBody}: the same with a new body per request that starts at 64 KB and
 *       doubles as it fills, as the connector did before it reused bodies;
 *   <li>{@code jsonConverterString}: Kafka's JsonConverter serializes the value, the bytes become a
 *       String, and the bulk body is a StringBuilder of action lines and sources, encoded once per
 *       request: the cheapest hand-written form of the alternative;
 *   <li>{@code jsonConverterClient}: the same String handed to the Elasticsearch Java client as a
 *       bulk index operation ({@code JsonData.fromJson}), serialized by the client's own transport
 *       (see {@link CapturingTransport}): the alternative as it is usually written.
 * </ul>
 *
 * <p>Records/s is the score; {@code megabytes} is the request bytes made per second (MB/s); with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RecordToBulkBenchmark {

  static final int REQUEST_OPERATIONS = 2_000;
  static final int REQUEST_BYTES = 5 * 1024 * 1024;
  private static final int DISTINCT_RECORDS = 4_096;

  /** {@code map}: schemaless JSON as the JsonConverter gives it; {@code struct}: with a schema. */
  @Param({"map", "struct"})
  public String shape;

  private SinkRecord[] records;
  private int next;

  private RecordConverter converter;
  private BulkBatch<SinkRecord> batch;
  private BulkBatch<SinkRecord> unsized;

  private JsonConverter jsonConverter;
  private String index;
  private StringBuilder body;
  private int bodyOperations;

  private CapturingTransport transport;
  private ElasticsearchClient client;
  private List<BulkOperation> operations;
  private long operationBytes;

  /** Request bytes made, reported per second: MB/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Output {
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
    }
  }

  @Setup
  public void setUp() throws IOException {
    records = SampleRecords.generate(DISTINCT_RECORDS, shape.equals("struct"));
    IndexNames indexNames = new IndexNames("${topic}-v${version}", 1);
    converter =
        new RecordConverter(
            indexNames,
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
    unsized = new BulkBatch<>();
    jsonConverter = new JsonConverter();
    jsonConverter.configure(Map.of("schemas.enable", "false"), false);
    index = indexNames.targetFor(SampleRecords.TOPIC).index();
    body = new StringBuilder(64 * 1024);
    transport = CapturingTransport.create();
    client = new ElasticsearchClient(transport);
    operations = new ArrayList<>();
  }

  private SinkRecord nextRecord() {
    SinkRecord record = records[next];
    next = (next + 1) % records.length;
    return record;
  }

  @Benchmark
  public void connector(Output output, Blackhole blackhole) throws IOException {
    SinkRecord record = nextRecord();
    DocumentOperation operation = converter.convert(record).orElseThrow();
    batch.add(operation, record);
    if (batch.size() >= REQUEST_OPERATIONS || batch.sizeInBytes() >= REQUEST_BYTES) {
      blackhole.consume(batch.bodyBytes());
      output.megabytes += batch.sizeInBytes() / 1e6;
      // As the connector's BulkWriter does: the next request writes into this one's body.
      batch = new BulkBatch<>(batch.releaseBuffer());
    }
  }

  /**
   * The connector's path with a new body per request, starting at 64 KB and doubling as it fills
   * (as before bodies were reused).
   */
  @Benchmark
  public void connectorUnsizedBody(Output output, Blackhole blackhole) throws IOException {
    SinkRecord record = nextRecord();
    DocumentOperation operation = converter.convert(record).orElseThrow();
    unsized.add(operation, record);
    if (unsized.size() >= REQUEST_OPERATIONS || unsized.sizeInBytes() >= REQUEST_BYTES) {
      blackhole.consume(unsized.bodyBytes());
      output.megabytes += unsized.sizeInBytes() / 1e6;
      unsized = new BulkBatch<>();
    }
  }

  @Benchmark
  public void jsonConverterString(Output output, Blackhole blackhole) {
    SinkRecord record = nextRecord();
    String source =
        new String(
            jsonConverter.fromConnectData(record.topic(), record.valueSchema(), record.value()),
            StandardCharsets.UTF_8);
    body.append("{\"index\":{\"_index\":\"")
        .append(index)
        .append("\",\"_id\":\"")
        .append(record.key())
        .append("\",\"version\":")
        .append(record.kafkaOffset())
        .append(",\"version_type\":\"external\"}}\n")
        .append(source)
        .append('\n');
    if (++bodyOperations >= REQUEST_OPERATIONS || body.length() >= REQUEST_BYTES) {
      byte[] request = body.toString().getBytes(StandardCharsets.UTF_8);
      blackhole.consume(request);
      output.megabytes += request.length / 1e6;
      body.setLength(0);
      bodyOperations = 0;
    }
  }

  @Benchmark
  public void jsonConverterClient(Output output) throws IOException {
    SinkRecord record = nextRecord();
    String source =
        new String(
            jsonConverter.fromConnectData(record.topic(), record.valueSchema(), record.value()),
            StandardCharsets.UTF_8);
    String id = String.valueOf(record.key());
    long version = record.kafkaOffset();
    operations.add(
        BulkOperation.of(
            b ->
                b.index(
                    i ->
                        i.index(index)
                            .id(id)
                            .version(version)
                            .versionType(VersionType.External)
                            .document(JsonData.fromJson(source)))));
    operationBytes += source.length();
    if (operations.size() >= REQUEST_OPERATIONS || operationBytes >= REQUEST_BYTES) {
      client.bulk(request -> request.operations(operations));
      output.megabytes += transport.takeBodyBytes() / 1e6;
      operations = new ArrayList<>();
      operationBytes = 0;
    }
  }
}
