package dev.unbundled.search.connector.index;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns a topic into the name of an index or alias, from a format such as {@code
 * ${topic}-v${version}}, and makes the result a name Elasticsearch accepts: lower case, forbidden
 * characters replaced by {@code _}, leading {@code -_+} removed, at most 255 bytes.
 *
 * <p>Names are cached: the same topic is asked for on every record.
 */
public final class NameFormat {

  static final int MAX_NAME_BYTES = 255;
  private static final Pattern FORBIDDEN = Pattern.compile("[\\\\/*?\"<>|,#:\\s]");
  private static final Pattern LEADING = Pattern.compile("^[-_+]+");

  private final String format;
  private final int version;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  public NameFormat(String format, int version) {
    this.format = format;
    this.version = version;
  }

  public String nameFor(String topic) {
    return names.computeIfAbsent(topic, this::render);
  }

  private String render(String topic) {
    String raw = format.replace("${topic}", topic).replace("${version}", Integer.toString(version));
    String name = FORBIDDEN.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll("_");
    name = LEADING.matcher(name).replaceFirst("");
    name = truncateToBytes(name);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "Name format '" + format + "' gives no valid name for topic '" + topic + "'");
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
