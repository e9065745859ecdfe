package dev.unbundled.search.connector.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.errors.DataException;

/**
 * Record values that are already JSON text: a String (from the StringConverter) or UTF-8 bytes
 * (from the ByteArrayConverter) holding one JSON object.
 *
 * <p>Such a value is checked with one streaming pass of the parser, which reads tokens without
 * building objects, decoding strings or converting numbers, and then copied into the bulk body as
 * it is: nothing is parsed into a tree or written again. Only a value spread over several lines
 * (pretty-printed) is copied token by token instead, because a bulk body takes one line per
 * document; so is anything in another encoding than UTF-8, which the parser would read but the body
 * must not hold.
 */
final class JsonSources {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonSources() {}

  static JsonParser parser(String json) throws IOException {
    return JSON.createParser(json);
  }

  /** Writes the JSON object held by {@code json}; anything else is bad input. */
  static void writeObject(JsonGenerator g, String json) throws IOException {
    if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
      copyObject(g, JSON.createParser(json));
      return;
    }
    check(JSON.createParser(json));
    g.writeRawValue(json);
  }

  /** Writes the JSON object held by the UTF-8 bytes {@code json}; anything else is bad input. */
  static void writeObject(JsonGenerator g, byte[] json) throws IOException {
    if (!startsAsUtf8Object(json) || holdsLineBreak(json)) {
      copyObject(g, JSON.createParser(json));
      return;
    }
    check(JSON.createParser(json));
    g.writeRawValue(new RawJson(json));
  }

  static void writeObject(JsonGenerator g, ByteBuffer json) throws IOException {
    byte[] bytes = new byte[json.remaining()];
    json.duplicate().get(bytes);
    writeObject(g, bytes);
  }

  /**
   * Writes the JSON object held by {@code json} token by token, through {@code g}'s own methods:
   * for a generator that adds to the document.
   */
  static void copyObject(JsonGenerator g, Object json) throws IOException {
    if (json instanceof String text) {
      copyObject(g, JSON.createParser(text));
    } else if (json instanceof byte[] bytes) {
      copyObject(g, JSON.createParser(bytes));
    } else if (json instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      copyObject(g, JSON.createParser(bytes));
    } else {
      throw new IllegalArgumentException("Not JSON text: " + json.getClass());
    }
  }

  /** Copies a JSON object token by token, which also puts it on one line. */
  private static void copyObject(JsonGenerator g, JsonParser source) throws IOException {
    try (JsonParser parser = source) {
      startObject(parser);
      g.copyCurrentStructure(parser);
      endOfValue(parser);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  /** Reads the whole value without keeping anything, so that only valid JSON is copied raw. */
  private static void check(JsonParser source) throws IOException {
    try (JsonParser parser = source) {
      startObject(parser);
      parser.skipChildren();
      endOfValue(parser);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  private static void startObject(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new DataException(
          "The value is text but not a JSON object, so it cannot be a document");
    }
  }

  private static void endOfValue(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new DataException("The value holds more than one JSON value");
    }
  }

  private static DataException notJson(JsonProcessingException e) {
    return new DataException("The value is not valid JSON: " + e.getOriginalMessage(), e);
  }

  /**
   * Whether the bytes start (after blanks) with the {@code {} of an object: so they are UTF-8 (or
   * ASCII) without a byte-order mark, not UTF-16 or UTF-32, which the parser would also accept.
   */
  private static boolean startsAsUtf8Object(byte[] json) {
    for (byte b : json) {
      if (b != ' ' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }

  private static boolean holdsLineBreak(byte[] json) {
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }

  /** UTF-8 bytes written as they are by {@link JsonGenerator#writeRawValue(SerializableString)}. */
  private record RawJson(byte[] utf8) implements SerializableString {

    @Override
    public byte[] asUnquotedUTF8() {
      return utf8;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (offset + utf8.length > buffer.length) {
        return -1;
      }
      System.arraycopy(utf8, 0, buffer, offset, utf8.length);
      return utf8.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
      out.write(utf8);
      return utf8.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      if (utf8.length > buffer.remaining()) {
        return -1;
      }
      buffer.put(utf8);
      return utf8.length;
    }

    @Override
    public String getValue() {
      return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
      return getValue().length();
    }

    // Raw JSON is never written as a quoted string.

    @Override
    public char[] asQuotedChars() {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] asQuotedUTF8() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      throw new UnsupportedOperationException();
    }
  }
}
