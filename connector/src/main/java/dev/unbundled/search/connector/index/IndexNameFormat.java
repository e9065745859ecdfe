package dev.unbundled.search.connector.index;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns a topic into the name of the concrete index the connector writes it to, from a format such
 * as {@code ${topic}-v${version}}, and makes the result a name Elasticsearch accepts.
 *
 * <p>Names are cached: the same topic is asked for on every record.
 */
public final class IndexNameFormat {

  static final int MAX_NAME_BYTES = 255;
  private static final Pattern FORBIDDEN = Pattern.compile("[\\\\/*?\"<>|,#:\\s]");
  private static final Pattern LEADING = Pattern.compile("^[-_+]+");

  private final String format;
  private final int version;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  public IndexNameFormat(String format, int version) {
    this.format = format;
    this.version = version;
  }

  public String indexFor(String topic) {
    return names.computeIfAbsent(topic, this::render);
  }

  private String render(String topic) {
    String raw = format.replace("${topic}", topic).replace("${version}", Integer.toString(version));
    String name = FORBIDDEN.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll("_");
    name = LEADING.matcher(name).replaceFirst("");
    name = truncateToBytes(name);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "Index name format '" + format + "' gives no valid index name for topic '" + topic + "'");
    }
    return name;
  }

  private static String truncateToBytes(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
      return name;
    }
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > MAX_NAME_BYTES) {
        break;
      }
      cut.appendCodePoint(cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    return cut.toString();
  }
}
