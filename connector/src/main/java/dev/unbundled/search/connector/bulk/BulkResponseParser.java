package dev.unbundled.search.connector.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a bulk response as a stream, keeping only each item's status and error type and reason.
 * When Elasticsearch reports no errors the items are skipped unread.
 */
final class BulkResponseParser {

  /** Asks Elasticsearch to leave out everything this parser does not read. */
  static final String FILTER_PATH = "errors,items.*.status,items.*.error.type,items.*.error.reason";

  private static final JsonFactory JSON = new JsonFactory();

  private BulkResponseParser() {}

  static List<BulkItemResult> parse(InputStream in, int operations) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      expect(parser, parser.nextToken(), JsonToken.START_OBJECT);
      Boolean errors = null;
      List<BulkItemResult> items = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("errors")) {
          errors = value == JsonToken.VALUE_TRUE;
        } else if (field.equals("items") && !Boolean.FALSE.equals(errors)) {
          items = parseItems(parser);
        } else {
          parser.skipChildren();
        }
      }
      if (Boolean.FALSE.equals(errors)) {
        return Collections.nCopies(operations, BulkItemResult.ok());
      }
      if (items == null || items.size() != operations) {
        throw new IOException(
            "The search engine answered a bulk request of "
                + operations
                + " operations with "
                + (items == null ? "no" : items.size())
                + " items");
      }
      return items;
    }
  }

  /**
   * The {@code error.type} and {@code error.reason} of an error answer to a whole request ({@code
   * {"error":{...},"status":503}}), as an item result with the answer's status; no type when the
   * answer holds none (a proxy's HTML page, a plain-text error).
   */
  static BulkItemResult parseError(InputStream in, int status) {
    try (JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (field.equals("error") && value == JsonToken.START_OBJECT) {
            return parseErrorFields(parser, status);
          }
          parser.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: the status alone tells what it was.
    }
    return new BulkItemResult(status, null, null);
  }

  private static BulkItemResult parseErrorFields(JsonParser parser, int status) throws IOException {
    String type = null;
    String reason = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String errorField = parser.currentName();
      parser.nextToken();
      if (errorField.equals("type")) {
        type = parser.getValueAsString();
      } else if (errorField.equals("reason")) {
        reason = parser.getValueAsString();
      } else {
        parser.skipChildren();
      }
    }
    return new BulkItemResult(status, type, reason);
  }

  private static List<BulkItemResult> parseItems(JsonParser parser) throws IOException {
    expect(parser, parser.currentToken(), JsonToken.START_ARRAY);
    List<BulkItemResult> items = new ArrayList<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      parser.nextToken(); // the action name: index, create, update or delete
      expect(parser, parser.nextToken(), JsonToken.START_OBJECT);
      items.add(parseItem(parser));
      expect(parser, parser.nextToken(), JsonToken.END_OBJECT);
    }
    return items;
  }

  private static BulkItemResult parseItem(JsonParser parser) throws IOException {
    int status = 0;
    String type = null;
    String reason = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("status")) {
        status = parser.getIntValue();
      } else if (field.equals("error") && value == JsonToken.START_OBJECT) {
        BulkItemResult error = parseErrorFields(parser, status);
        type = error.errorType();
        reason = error.errorReason();
      } else {
        parser.skipChildren();
      }
    }
    return new BulkItemResult(status, type, reason);
  }

  private static void expect(JsonParser parser, JsonToken actual, JsonToken expected)
      throws IOException {
    if (actual != expected) {
      throw new IOException(
          "Unexpected bulk response: expected "
              + expected
              + " but found "
              + actual
              + " at "
              + parser.currentLocation());
    }
  }
}
