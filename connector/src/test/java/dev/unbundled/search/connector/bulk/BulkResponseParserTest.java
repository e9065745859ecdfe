package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkResponseParserTest {

  private static List<BulkItemResult> parse(String json, int operations) throws IOException {
    return BulkResponseParser.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), operations);
  }

  @Test
  void noErrorsMeansEveryOperationSucceededWithoutReadingItems() throws IOException {
    List<BulkItemResult> results =
        parse("{\"took\":3,\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}", 1);

    assertThat(results).containsExactly(BulkItemResult.ok());
  }

  @Test
  void itemsKeepStatusAndErrorTypeAndReasonInOrder() throws IOException {
    String json =
        """
        {"errors":true,"items":[
          {"index":{"status":201}},
          {"index":{"status":400,"error":{"type":"document_parsing_exception",
              "reason":"failed to parse field [n]","caused_by":{"type":"x","reason":"y"}}}},
          {"delete":{"status":404}},
          {"index":{"status":409,"error":{"type":"version_conflict_engine_exception",
              "reason":"version conflict"}}}
        ]}
        """;

    List<BulkItemResult> results = parse(json, 4);

    assertThat(results)
        .containsExactly(
            new BulkItemResult(201, null, null),
            new BulkItemResult(400, "document_parsing_exception", "failed to parse field [n]"),
            new BulkItemResult(404, null, null),
            new BulkItemResult(409, "version_conflict_engine_exception", "version conflict"));
    assertThat(results)
        .extracting(BulkItemResult::succeeded)
        .containsExactly(true, false, true, true);
  }

  @Test
  void aResponseWithTheWrongNumberOfItemsIsAnError() {
    assertThatThrownBy(() -> parse("{\"errors\":true,\"items\":[{\"index\":{\"status\":201}}]}", 2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("2 operations with 1 items");
  }

  @Test
  void aResponseThatIsNotAnObjectIsAnError() {
    assertThatThrownBy(() -> parse("[]", 1)).isInstanceOf(IOException.class);
  }

  @Test
  void anErrorAnswerToAWholeRequestGivesItsTypeOrJustItsStatus() {
    BulkItemResult blocked =
        BulkResponseParser.parseError(
            new ByteArrayInputStream(
                ("{\"error\":{\"root_cause\":[],\"type\":\"cluster_block_exception\","
                        + "\"reason\":\"blocked by: [FORBIDDEN/6/cluster read-only (api)];\"},"
                        + "\"status\":403}")
                    .getBytes(StandardCharsets.UTF_8)),
            403);
    BulkItemResult html =
        BulkResponseParser.parseError(
            new ByteArrayInputStream("<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)),
            502);

    assertThat(blocked.errorClass()).isEqualTo("403 cluster_block_exception");
    assertThat(blocked.disposition()).isEqualTo(BulkItemResult.Disposition.RETRIABLE);
    assertThat(html).isEqualTo(new BulkItemResult(502, null, null));
  }
}
