package dev.unbundled.search.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

/**
 * How document ids are built from values, for the sink (ids from record keys and value fields) and
 * for the {@code DocumentIdFromFields} transform alike, so that both give the same id for the same
 * fields.
 */
public final class DocumentIdRules {

  /** Elasticsearch's limit on the length of a document id, in UTF-8 bytes. */
  public static final int MAX_BYTES = 512;

  private DocumentIdRules() {}

  /** The text of one value in an id: bytes in base64, anything else in its string form. */
  public static String text(Object value) {
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    return String.valueOf(value);
  }

  /**
   * The parts joined by {@code separator}, with a separator or backslash inside a part escaped by a
   * backslash, so that different parts never give the same id ({@code a|b + c} is {@code a\|b|c},
   * {@code a + b|c} is {@code a|b\|c}).
   */
  public static String join(List<String> parts, String separator) {
    StringBuilder id = new StringBuilder();
    for (String part : parts) {
      if (id.length() > 0) {
        id.append(separator);
      }
      for (int i = 0; i < part.length(); ) {
        if (part.startsWith(separator, i)) {
          id.append('\\').append(separator);
          i += separator.length();
        } else {
          char c = part.charAt(i++);
          if (c == '\\') {
            id.append('\\');
          }
          id.append(c);
        }
      }
    }
    return id.toString();
  }

  /** The id's length in UTF-8 bytes when that is over {@link #MAX_BYTES}; empty when it fits. */
  public static OptionalInt tooLong(String id) {
    // A char takes at most 3 bytes in UTF-8: short ids (nearly all) need no encoding to be sure.
    if (id.length() * 3 <= MAX_BYTES) {
      return OptionalInt.empty();
    }
    int bytes = id.getBytes(StandardCharsets.UTF_8).length;
    return bytes > MAX_BYTES ? OptionalInt.of(bytes) : OptionalInt.empty();
  }

  /** The error message for an id of {@code bytes} UTF-8 bytes, over the limit. */
  public static String tooLongMessage(int bytes) {
    return "The document id is "
        + bytes
        + " bytes long; Elasticsearch allows at most "
        + MAX_BYTES
        + " bytes";
  }
}
