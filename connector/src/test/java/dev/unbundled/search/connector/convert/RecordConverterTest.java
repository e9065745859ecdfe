package dev.unbundled.search.connector.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.connector.bulk.BulkBatch;
import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.bulk.DocumentOperation.Action;
import dev.unbundled.search.connector.config.DocumentIdSource;
import dev.unbundled.search.connector.config.DocumentVersion;
import dev.unbundled.search.connector.config.NullValueBehavior;
import dev.unbundled.search.connector.config.RoutingField;
import dev.unbundled.search.connector.config.WriteMethod;
import dev.unbundled.search.connector.index.IndexNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordConverterTest {

  private static final IndexNames NAMES = new IndexNames("${topic}-v${version}", 1);

  private static RecordConverter converter(
      DocumentIdSource ids, WriteMethod method, boolean versions, NullValueBehavior nulls) {
    return new RecordConverter(
        NAMES,
        new RecordConverter.Settings(
            ids,
            "order.id",
            method,
            versions ? DocumentVersion.OFFSET : DocumentVersion.NONE,
            null,
            nulls,
            null,
            false));
  }

  private static RecordConverter converter(
      String version, String routing, NullValueBehavior nulls) {
    return new RecordConverter(
        NAMES,
        new RecordConverter.Settings(
            DocumentIdSource.KEY,
            null,
            WriteMethod.INDEX,
            DocumentVersion.parse(version).resolve(WriteMethod.INDEX),
            RoutingField.parse(routing).orElse(null),
            nulls,
            null,
            false));
  }

  private static final RecordConverter DEFAULTS =
      converter(DocumentIdSource.KEY, WriteMethod.INDEX, true, NullValueBehavior.DELETE);

  private static SinkRecord record(Object key, Object value, long offset) {
    return new SinkRecord("Orders", 2, null, key, null, value, offset);
  }

  private static String body(DocumentOperation operation) throws IOException {
    BulkBatch<String> batch = new BulkBatch<>();
    batch.add(operation, "x");
    return new String(batch.bodyBytes(), 0, batch.sizeInBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void aValueIndexesTheDocumentOfItsKeyAtTheOffsetVersion() throws IOException {
    DocumentOperation operation = DEFAULTS.convert(record("42", Map.of("n", 1), 17)).orElseThrow();

    assertThat(operation.action()).isEqualTo(Action.INDEX);
    assertThat(operation.target()).isEqualTo("orders-v1.Writer");
    assertThat(operation.id()).isEqualTo("42");
    assertThat(operation.version()).isEqualTo(17L);
    assertThat(body(operation))
        .isEqualTo(
            "{\"index\":{\"_index\":\"orders-v1.Writer\",\"_id\":\"42\",\"version\":17,"
                + "\"version_type\":\"external\"}}\n{\"n\":1}\n");
  }

  @Test
  void aTombstoneDeletesByDefault() {
    DocumentOperation operation = DEFAULTS.convert(record("42", null, 18)).orElseThrow();

    assertThat(operation.action()).isEqualTo(Action.DELETE);
    assertThat(operation.version()).isEqualTo(18L);
  }

  @Test
  void aTombstoneIsSkippedWhenNullValuesAreIgnored() {
    RecordConverter ignoring =
        converter(DocumentIdSource.KEY, WriteMethod.INDEX, true, NullValueBehavior.IGNORE);

    assertThat(ignoring.convert(record("42", null, 18))).isEmpty();
  }

  @Test
  void aTombstoneIsBadInputWhenNullValuesFail() {
    RecordConverter failing =
        converter(DocumentIdSource.KEY, WriteMethod.INDEX, true, NullValueBehavior.FAIL);

    assertThatThrownBy(() -> failing.convert(record("42", null, 18)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("behavior.on.null.values=fail");
  }

  @Test
  void keylessRecordsGetIdsFromTheirCoordinates() {
    RecordConverter coordinates =
        converter(DocumentIdSource.COORDINATES, WriteMethod.INDEX, false, NullValueBehavior.DELETE);

    DocumentOperation operation =
        coordinates.convert(record(null, Map.of("n", 1), 99)).orElseThrow();

    assertThat(operation.id()).isEqualTo("Orders+2+99");
    assertThat(operation.version()).isNull();
  }

  @Test
  void idsCanComeFromANestedValueField() {
    RecordConverter byField =
        converter(DocumentIdSource.VALUE_FIELD, WriteMethod.INDEX, true, NullValueBehavior.DELETE);

    DocumentOperation operation =
        byField.convert(record(null, Map.of("order", Map.of("id", 7)), 5)).orElseThrow();

    assertThat(operation.id()).isEqualTo("7");
    assertThatThrownBy(() -> byField.convert(record(null, Map.of("other", 1), 6)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("order.id");
  }

  @Test
  void upsertsMergeWithoutAVersion() throws IOException {
    RecordConverter upserts =
        converter(DocumentIdSource.KEY, WriteMethod.UPSERT, false, NullValueBehavior.DELETE);

    DocumentOperation operation = upserts.convert(record("42", Map.of("n", 1), 17)).orElseThrow();

    assertThat(body(operation))
        .isEqualTo(
            "{\"update\":{\"_index\":\"orders-v1.Writer\",\"_id\":\"42\",\"retry_on_conflict\":3}}\n"
                + "{\"doc\":{\"n\":1},\"doc_as_upsert\":true}\n");
  }

  @Test
  void aPipelineIsNamedInTheActionLine() throws IOException {
    RecordConverter piped =
        new RecordConverter(
            NAMES,
            new RecordConverter.Settings(
                DocumentIdSource.KEY,
                null,
                WriteMethod.INDEX,
                DocumentVersion.NONE,
                null,
                NullValueBehavior.DELETE,
                "p1",
                false));

    assertThat(body(piped.convert(record("1", Map.of(), 0)).orElseThrow()))
        .startsWith(
            "{\"index\":{\"_index\":\"orders-v1.Writer\",\"_id\":\"1\",\"pipeline\":\"p1\"}}");
  }

  @Test
  void aStringHoldingAJsonObjectIsTheDocumentWrittenOnOneLine() throws IOException {
    DocumentOperation operation =
        DEFAULTS
            .convert(record("1", "{\n  \"a\": [1, 2],\n  \"b\": {\"c\": null}\n}", 3))
            .orElseThrow();

    assertThat(body(operation)).endsWith("}}\n{\"a\":[1,2],\"b\":{\"c\":null}}\n");
  }

  @Test
  void aStringThatIsNotAJsonObjectFailsWhenWritten() {
    for (String bad : new String[] {"not json", "[1,2]", "{\"a\":", "{} {}"}) {
      DocumentOperation operation = DEFAULTS.convert(record("1", bad, 3)).orElseThrow();

      assertThatThrownBy(() -> body(operation)).as(bad).isInstanceOf(DataException.class);
    }
  }

  @Test
  void aJsonObjectOnOneLineIsCopiedAsItIsWrittenFromAStringOrBytes() throws IOException {
    String json =
        "{\"price\": 1.50, \"name\": \"caf\u00e9 \\u00e9\", \"big\": 12345678901234567890}";
    String expected = "}}\n" + json + "\n";

    assertThat(body(DEFAULTS.convert(record("1", json, 3)).orElseThrow())).endsWith(expected);
    assertThat(
            body(
                DEFAULTS
                    .convert(record("1", json.getBytes(StandardCharsets.UTF_8), 3))
                    .orElseThrow()))
        .endsWith(expected);
    assertThat(
            body(
                DEFAULTS
                    .convert(record("1", ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), 3))
                    .orElseThrow()))
        .endsWith(expected);
  }

  @Test
  void jsonBytesSpreadOverLinesAreWrittenOnOneLine() throws IOException {
    byte[] pretty = "{\r\n  \"a\": [1, 2]\r\n}".getBytes(StandardCharsets.UTF_8);

    assertThat(body(DEFAULTS.convert(record("1", pretty, 3)).orElseThrow()))
        .endsWith("}}\n{\"a\":[1,2]}\n");
  }

  @Test
  void jsonInAnotherEncodingThanUtf8IsWrittenAsUtf8() throws IOException {
    byte[] utf16 = "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_16BE);

    assertThat(body(DEFAULTS.convert(record("1", utf16, 3)).orElseThrow()))
        .endsWith("}}\n{\"a\":\"\u00e9\"}\n");
  }

  @Test
  void aByteOrderMarkIsLeftOut() throws IOException {
    byte[] marked = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    assertThat(body(DEFAULTS.convert(record("1", marked, 3)).orElseThrow()))
        .endsWith("}}\n{\"a\":1}\n");
  }

  @Test
  void anUpsertOfRawJsonNestsItUnderDoc() throws IOException {
    RecordConverter upserts =
        converter(DocumentIdSource.KEY, WriteMethod.UPSERT, false, NullValueBehavior.DELETE);

    assertThat(
            body(
                upserts
                    .convert(record("1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 3))
                    .orElseThrow()))
        .endsWith("}}\n{\"doc\":{\"a\":1},\"doc_as_upsert\":true}\n");
  }

  @Test
  void bytesThatAreNotOneJsonObjectFailWhenWrittenAndLeaveNoTrace() throws IOException {
    for (String bad :
        new String[] {"not json", "[1,2]", "{\"a\":", "{} {}", "{\"a\":\"\u0000\"}"}) {
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      DocumentOperation operation = DEFAULTS.convert(record("1", bytes, 3)).orElseThrow();
      BulkBatch<String> batch = new BulkBatch<>();
      batch.add(DEFAULTS.convert(record("0", Map.of("ok", true), 2)).orElseThrow(), "ok");
      int before = batch.sizeInBytes();

      assertThatThrownBy(() -> batch.add(operation, "bad"))
          .as(bad)
          .isInstanceOf(DataException.class);
      assertThat(batch.sizeInBytes()).as(bad).isEqualTo(before);
    }
    byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    DocumentOperation operation = DEFAULTS.convert(record("1", invalidUtf8, 3)).orElseThrow();
    assertThatThrownBy(() -> body(operation)).isInstanceOf(DataException.class);
  }

  @Test
  void aValueThatIsNotAnObjectIsBadInput() {
    SinkRecord number = new SinkRecord("t", 0, null, "1", Schema.INT32_SCHEMA, 5, 0);

    assertThatThrownBy(() -> DEFAULTS.convert(number))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("INT32");
  }

  @Test
  void aVersionFromAValueFieldIsWrittenAsExternalGte() throws IOException {
    RecordConverter byLsn = converter("field:source.lsn", "", NullValueBehavior.DELETE);

    DocumentOperation operation =
        byLsn
            .convert(record("42", Map.of("n", 1, "source", Map.of("lsn", 9_000_000_001L)), 3))
            .orElseThrow();

    assertThat(operation.version()).isEqualTo(9_000_000_001L);
    assertThat(body(operation))
        .startsWith(
            "{\"index\":{\"_index\":\"orders-v1.Writer\",\"_id\":\"42\","
                + "\"version\":9000000001,\"version_type\":\"external_gte\"}}");
  }

  @Test
  void aTombstoneTakesTheVersionOfAFieldFromTheHeaderOfTheSameName() {
    RecordConverter byLsn = converter("field:__source_lsn", "", NullValueBehavior.DELETE);
    SinkRecord withHeader =
        new SinkRecord(
            "Orders",
            2,
            null,
            "42",
            null,
            null,
            4,
            null,
            null,
            new ConnectHeaders().addString("__source_lsn", "1234"));

    DocumentOperation delete = byLsn.convert(withHeader).orElseThrow();

    assertThat(delete.action()).isEqualTo(Action.DELETE);
    assertThat(delete.version()).isEqualTo(1234L);
    assertThatThrownBy(() -> byLsn.convert(record("42", null, 5)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("tombstone")
        .hasMessageContaining("header '__source_lsn'");
  }

  @Test
  void aVersionFromAHeaderVersionsWritesAndDeletesAlike() {
    RecordConverter byHeader = converter("header:__lsn", "", NullValueBehavior.DELETE);
    org.apache.kafka.connect.header.Headers headers = new ConnectHeaders().addLong("__lsn", 77L);

    DocumentOperation write =
        byHeader
            .convert(new SinkRecord("Orders", 2, null, "1", null, Map.of(), 9, null, null, headers))
            .orElseThrow();
    DocumentOperation delete =
        byHeader
            .convert(new SinkRecord("Orders", 2, null, "1", null, null, 10, null, null, headers))
            .orElseThrow();

    assertThat(write.version()).isEqualTo(77L);
    assertThat(delete.version()).isEqualTo(77L);
    assertThat(delete.versionType()).isEqualTo(DocumentOperation.VersionType.EXTERNAL_GTE);
  }

  @Test
  void aRecordWithoutAUsableVersionIsBadInputNeverAnUnversionedWrite() {
    RecordConverter byField = converter("field:v", "", NullValueBehavior.DELETE);
    RecordConverter byHeader = converter("header:v", "", NullValueBehavior.DELETE);

    assertThatThrownBy(() -> byField.convert(record("1", Map.of("n", 1), 0)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no field 'v'");
    assertThatThrownBy(() -> byField.convert(record("1", Map.of("v", -3L), 0)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> byField.convert(record("1", Map.of("v", "12a"), 0)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("not a string of digits");
    assertThatThrownBy(() -> byHeader.convert(record("1", Map.of("n", 1), 0)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no header 'v'");
  }

  @Test
  void routingFromAKeyFieldIsOnIndexAndDeleteRequests() throws IOException {
    RecordConverter byTenant = converter("offset", "key.tenant", NullValueBehavior.DELETE);
    Map<String, Object> key = Map.of("tenant", "acme");

    DocumentOperation write = byTenant.convert(record(key, Map.of("n", 1), 7)).orElseThrow();
    DocumentOperation delete = byTenant.convert(record(key, null, 8)).orElseThrow();

    assertThat(body(write))
        .startsWith(
            "{\"index\":{\"_index\":\"orders-v1.Writer\",\"_id\":\"acme\","
                + "\"routing\":\"acme\",\"version\":7,");
    assertThat(body(delete))
        .startsWith(
            "{\"delete\":{\"_index\":\"orders-v1.Writer\",\"_id\":\"acme\","
                + "\"routing\":\"acme\",");
  }

  @Test
  void routingFromAValueFieldFailsARecordWithoutIt() {
    RecordConverter byRegion = converter("offset", "value.region", NullValueBehavior.DELETE);

    assertThat(byRegion.convert(record("1", Map.of("region", 3), 0)).orElseThrow().routing())
        .isEqualTo("3");
    assertThatThrownBy(() -> byRegion.convert(record("1", Map.of("n", 1), 1)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no field 'region'");
    assertThatThrownBy(() -> byRegion.convert(record("1", null, 2)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("tombstone");
  }

  private static RecordConverter bucketed(java.time.Duration retention) {
    return new RecordConverter(
        new IndexNames("${topic}-v${version}-${time:yyyy.MM.dd}", 1),
        new RecordConverter.Settings(
            DocumentIdSource.COORDINATES,
            null,
            WriteMethod.INDEX,
            DocumentVersion.NONE,
            null,
            NullValueBehavior.IGNORE,
            null,
            false,
            null,
            retention),
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-12-06T12:00:00Z"), java.time.ZoneOffset.UTC));
  }

  private static SinkRecord event(String at) {
    return new SinkRecord(
        "clicks",
        0,
        null,
        null,
        null,
        Map.of("page", "/"),
        5,
        java.time.Instant.parse(at).toEpochMilli(),
        org.apache.kafka.common.record.TimestampType.CREATE_TIME);
  }

  @Test
  void anEventGoesToTheBucketOfItsTimeLateOrNot() {
    RecordConverter converter = bucketed(null);
    assertThat(converter.convert(event("2026-12-06T11:00:00Z")).orElseThrow().target())
        .isEqualTo("clicks-v1-2026.12.06.Writer");
    assertThat(converter.convert(event("2025-01-31T23:00:00Z")).orElseThrow().target())
        .isEqualTo("clicks-v1-2025.01.31.Writer");
  }

  @Test
  void eventsOlderThanTheRetentionAreDroppedAndCounted() {
    RecordConverter converter = bucketed(java.time.Duration.ofDays(30));
    // The bucket of 6 November ends on the 7th, within 30 days of 6 December: kept.
    assertThat(converter.convert(event("2026-11-06T01:00:00Z"))).isPresent();
    assertThat(converter.convert(event("2026-11-05T23:59:59Z"))).isEmpty();
    assertThat(converter.convert(event("2020-01-01T00:00:00Z"))).isEmpty();
    assertThat(converter.expiredRecords()).isEqualTo(2);
  }

  @Test
  void aRecordWithoutTimeIsBadInputNeverAWriteToAnotherBucket() {
    SinkRecord noTimestamp = new SinkRecord("clicks", 0, null, null, null, Map.of(), 5);
    assertThatThrownBy(() -> bucketed(null).convert(noTimestamp))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no timestamp");
  }
}
