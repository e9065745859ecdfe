package dev.unbundled.search.connector.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.kafka.connect.errors.DataException;

/**
 * Record values that are already JSON text (a String holding a JSON object, for example from the
 * StringConverter): parsed and copied token by token, which both checks that the text is valid JSON
 * and writes it compactly on one line, as the bulk format requires.
 */
final class JsonSources {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonSources() {}

  static JsonParser parser(String json) throws IOException {
    return JSON.createParser(json);
  }

  /** Copies a JSON object from {@code json}; anything else is bad input. */
  static void copyObject(JsonGenerator g, String json) throws IOException {
    try (JsonParser parser = parser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DataException(
            "The value is a string but not a JSON object, so it cannot be a document");
      }
      g.copyCurrentStructure(parser);
      if (parser.nextToken() != null) {
        throw new DataException("The value holds more than one JSON value");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DataException("The value is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
