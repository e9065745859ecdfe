package dev.unbundled.search.tool.rebuild;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a connector's next version: {@code orders-search-v1} becomes {@code
 * orders-search-v2}. Where the name's number was the index version, it follows the version (v1 with
 * {@code index.version=5} gives v5); otherwise it goes up by one.
 */
public final class ConnectorNames {

  private static final Pattern VERSIONED =
      Pattern.compile("(.*[-_.][vV])(\\d{1,9})", Pattern.DOTALL);

  private ConnectorNames() {}

  /** The next name, or empty when {@code name} does not end in {@code -vN}. */
  static Optional<String> next(String name, int fromVersion, int toVersion) {
    Matcher matcher = VERSIONED.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int number = Integer.parseInt(matcher.group(2));
    int next = number == fromVersion ? toVersion : number + 1;
    return Optional.of(matcher.group(1) + next);
  }
}
