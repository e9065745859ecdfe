package dev.unbundled.search.connector.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a topic into the name of an index or alias, from a format such as {@code
 * ${topic}-v${version}}, and makes the result a name Elasticsearch accepts: lower case, forbidden
 * characters replaced by {@code _}, leading {@code -_+} removed, within a length in UTF-8 bytes.
 *
 * <p>A name that would be too long keeps the format's own text (so the version stays in it) and
 * shortens the topic, which then ends in {@code -} and 8 hex digits of the topic's SHA-256, so that
 * long topics that only differ near their ends still get different names. So every name matches
 * {@link #pattern()}: the format with {@code *} for the topic.
 */
public final class NameFormat {

  /** Elasticsearch's limit on the length of index and alias names, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  private static final String TOPIC = "${topic}";
  private static final Pattern FORBIDDEN = Pattern.compile("[\\\\/*?\"<>|,#:\\s]");
  private static final Pattern LEADING = Pattern.compile("^[-_+]+");
  private static final int HASH_BYTES = 1 + 8;

  private final String format;
  private final int maxBytes;
  // The format's own text before, between and after the ${topic} placeholders, made valid.
  private final List<String> fixed;

  public NameFormat(String format, int version) {
    this(format, version, MAX_NAME_BYTES);
  }

  /** A format whose names are at most {@code maxBytes} long. */
  NameFormat(String format, int version, int maxBytes) {
    this.format = format;
    this.maxBytes = maxBytes;
    this.fixed =
        Arrays.stream(
                format
                    .replace("${version}", Integer.toString(version))
                    .split(Pattern.quote(TOPIC), -1))
            .map(NameFormat::sanitize)
            .toList();
  }

  public String nameFor(String topic) {
    String name = withTopic(sanitize(topic));
    if (bytes(name) > maxBytes) {
      name = withTopic(shortened(topic));
    }
    if (name.isEmpty() || name.equals(".") || name.equals("..") || bytes(name) > maxBytes) {
      throw new IllegalArgumentException(
          "Name format '" + format + "' gives no valid name for topic '" + topic + "'");
    }
    return name;
  }

  /**
   * Whether two different topics become the same text in names: equal once lower case, with
   * forbidden characters replaced and leading {@code -_+} removed ({@code audit} and {@code
   * _audit}, {@code Orders} and {@code orders}).
   */
  public static boolean foldTogether(String topic, String other) {
    return LEADING
        .matcher(sanitize(topic))
        .replaceFirst("")
        .equals(LEADING.matcher(sanitize(other)).replaceFirst(""));
  }

  /** A wildcard expression that matches every name this format gives, whatever the topic. */
  public String pattern() {
    return LEADING.matcher(String.join("*", fixed)).replaceFirst("");
  }

  private String withTopic(String topicText) {
    return LEADING.matcher(String.join(topicText, fixed)).replaceFirst("");
  }

  /** The topic cut so that the name fits, with a hash of the whole topic at its end. */
  private String shortened(String topic) {
    int places = fixed.size() - 1;
    if (places == 0) {
      return "";
    }
    int fixedBytes = fixed.stream().mapToInt(NameFormat::bytes).sum();
    int room = (maxBytes - fixedBytes) / places - HASH_BYTES;
    if (room <= 0) {
      return "";
    }
    return truncateToBytes(sanitize(topic), room) + "-" + hashOf(topic);
  }

  private static String sanitize(String text) {
    return FORBIDDEN.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("_");
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String hashOf(String topic) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(topic.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String truncateToBytes(String text, int maxBytes) {
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = bytes(new String(Character.toChars(cp)));
      if (bytes + size > maxBytes) {
        break;
      }
      cut.appendCodePoint(cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    return cut.toString();
  }
}
